"""The moderation disclaimer (guidance 3.5): written from the channel's settings, for young readers.

The text is plain: a line starting "# " is a heading, lines starting "- " make a list, and a
blank line ends a paragraph. An editor may change it before publishing; blocks() turns it into
pieces a template renders with autoescaping, so nothing typed becomes markup.
"""

import re

from harbour.channels.platforms import Platform

# Web addresses and bare domains such as childline.org.uk, so help links can be followed.
LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:uk|com|org|net)(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)

# The signposting contacts marked verified in SAFEGUARDING.md section 2.
HELP_NOW = [
    "If you or someone else is in danger right now, call 999.",
    "Childline: call 0800 1111 or go to childline.org.uk to talk to a counsellor. It is free and private, "
    "day or night.",
    "If someone online asks you to do sexual things, or an adult talks to you in a way that worries you, "
    "tell CEOP. It is part of the police: ceop.police.uk/Safety-Centre.",
    "Shout: text SHOUT to 85258 to talk to someone by text, at any time.",
    "Samaritans: call 116 123 for free, at any time.",
]


def _how_often(checks_per_day: int) -> str:
    if checks_per_day <= 1:
        return "at least once a day"
    if checks_per_day == 2:
        return "at least twice a day"
    return f"at least {checks_per_day} times a day"


def _within(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return "1 day" if days == 1 else f"{days} days"
    return "1 hour" if hours == 1 else f"{hours} hours"


def generate(channel) -> str:
    org = channel.organisation.name
    on_platform = channel.platform in (Platform.BLUESKY, Platform.MASTODON, Platform.DEMO)
    where = channel.get_platform_display() if on_platform else "the site where it was posted"
    account = channel.display_name + (f" ({channel.handle})" if channel.handle else "")

    lines = [
        "# About this account",
        "",
        f"This is the official account of {org}: {account}. It belongs to {org}, not to any one member of "
        "staff. Our staff will never ask you to talk to them on their own personal accounts.",
        "",
        "# When we check it",
        "",
        f"We check this account {_how_often(channel.checks_per_day)}: {channel.moderation_hours}.",
        f"We try to answer messages and comments within {_within(channel.response_hours)}.",
        "Nobody is watching this account all of the time, so please do not use it if you need help straight "
        "away. See 'If you need help now' below.",
        "",
        "# Who looks after it",
        "",
        f"Trained members of staff at {org} look after this account and read what people post to it.",
        "",
        "# What we do about posts that break the rules",
        "",
        "We want this to be a friendly and safe place. We will hide or remove posts that:",
        "- say untrue things that could harm someone's good name",
        "- spoil the conversation for others, such as spam or posting the same thing again and again",
        "- are abusive, bullying or threatening",
        "- are offensive, such as swearing, or racist, sexist, homophobic or other hateful words",
        "- share personal details, such as a phone number, home address or school",
        "",
        f"We may report posts like these to {where}. "
        "If we are worried that someone could be at risk of harm, "
        "we will follow our safeguarding procedures. This can mean telling the police or children's social "
        "care.",
        "",
        "# How to contact us",
        "",
    ]
    contacts = []
    if channel.contact_email:
        contacts.append(f"- Email: {channel.contact_email}")
    if channel.contact_phone:
        contacts.append(f"- Phone: {channel.contact_phone}")
    if channel.contact_url:
        contacts.append(f"- Website: {channel.contact_url}")
    if contacts:
        lines += [f"You can contact {org}:", *contacts]
    else:
        lines.append(f"You can send a message to this account and {org} will answer it.")
    lines += ["", "# If you need help now", "", *(f"- {item}" for item in HELP_NOW), ""]
    return "\n".join(lines)


def segments(line: str) -> list[dict]:
    """A line cut into text and links; a link's href is always http(s), whatever was typed."""
    out: list[dict] = []
    position = 0
    for match in LINK.finditer(line):
        found = match.group("url").rstrip(".,;:!?)")
        start, end = match.start(), match.start() + len(found)
        if start > position:
            out.append({"text": line[position:start], "href": None})
        href = found if found.lower().startswith(("http://", "https://")) else f"https://{found}"
        out.append({"text": found, "href": href})
        position = end
    if position < len(line):
        out.append({"text": line[position:], "href": None})
    return out


def blocks(text: str) -> list[dict]:
    """Headings, lists and paragraphs, in order, from the disclaimer's plain text."""
    out: list[dict] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk_start = len(out)  # a blank line always starts a new block
        for row in (row.strip() for row in chunk.split("\n")):
            if not row:
                continue
            if row.startswith("# "):
                out.append({"kind": "heading", "text": row[2:].strip()})
                continue
            kind, key, content = (
                ("list", "items", row[2:].strip()) if row.startswith("- ") else ("paragraph", "lines", row)
            )
            if len(out) > chunk_start and out[-1]["kind"] == kind:
                out[-1][key].append(segments(content))
            else:
                out.append({"kind": kind, key: [segments(content)]})
    return out
