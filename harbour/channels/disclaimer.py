"""The moderation disclaimer (guidance 3.5): written from the channel's settings, for young readers.

The text is plain: a line starting "# " is a heading, lines starting "- " make a list, and a
blank line ends a paragraph. An editor may change it before publishing; blocks() turns it into
pieces a template renders with autoescaping, so nothing typed becomes markup.
"""

import re

import phonenumbers
from phonenumbers import shortnumberinfo

# Web addresses and bare domains such as childline.org.uk, so help links can be followed.
LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:uk|com|org|net)(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)

# A run of digits that may be a phone number: an optional +, then digit groups split by single spaces
# or hyphens (bounded, so the scan stays linear). Each candidate is checked with phonenumbers.
NUMBER = re.compile(r"(?<![\w+])\+?\d+(?:[ -]\d+){0,5}(?![\w])")
# A short number (999, 116 123, 85258) is only a number to call when the words before it say so; a
# full number (0800 1111, 01332 000000, +44 ...) is one wherever it is.
CALL_CUE = re.compile(r"\b(?:call|ring|phone|dial|tel|text|sms)\b[^.;:!?]{0,25}$", re.IGNORECASE)
CUE_REACH = 40  # how far back the words before a number are read
TEXT_CUE = re.compile(r"\b(?:text|sms)\b(?: (?P<word>[A-Z0-9]{2,20}))?(?: to)?\s*$", re.IGNORECASE)
REGION = "GB"

HELP_HEADING = "If you need help now"

# The signposting contacts marked verified in docs/safeguarding.md section 2.
HELP_NOW = [
    "If you or someone else is in danger right now, call 999.",
    (
        "Childline: call 0800 1111 or go to childline.org.uk to talk to a counsellor. It is free and private, "
        "day or night."
    ),
    (
        "If someone online asks you to do sexual things, or an adult talks to you in a way that worries you, "
        "tell CEOP. It is part of the police: ceop.police.uk/Safety-Centre."
    ),
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
    account = channel.display_name + (f" ({channel.handle})" if channel.handle else "")

    # Help comes first: someone who needs it should not have to read how the account is run.
    lines = [
        f"# {HELP_HEADING}",
        "",
        *(f"- {item}" for item in HELP_NOW),
        "",
        "# About this account",
        "",
        (
            f"This is the official account of {org}: {account}. It belongs to {org}, not to any one member of "
            "staff. Our staff will never ask you to talk to them on their own personal accounts."
        ),
        "",
        "# When we check it",
        "",
        f"We check this account {_how_often(channel.checks_per_day)}: {channel.moderation_hours}.",
        f"We try to answer messages and comments within {_within(channel.response_hours)}.",
        (
            "Nobody is watching this account all of the time, so please do not use it if you need help straight "
            f"away. Use the numbers under '{HELP_HEADING}' instead."
        ),
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
        (
            f"We may report posts like these to {channel.platform_entry.report_to}. "
            "If we are worried that someone could be at risk of harm, "
            "we will follow our safeguarding procedures. This can mean telling the police or children's social "
            "care."
        ),
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
    lines.append("")
    return "\n".join(lines)


def phone_href(number: str, before: str) -> str | None:
    """A tel: (or, after "text ... to", sms:) address for a UK phone number as written, or None.

    Full numbers are checked with phonenumbers and written in E.164 (tel:+448001111). Short numbers
    (999, 111, 116 123, 85258) are dialled as they are, so they keep no country code, and count only
    after a word such as "call" or "text", so that "aged 13 to 19" or "in 2026" stay plain text."""
    try:
        parsed = phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed):
        address = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    elif (
        not number.startswith("+")
        and shortnumberinfo.is_valid_short_number_for_region(parsed, REGION)
        and CALL_CUE.search(before)
    ):
        address = re.sub(r"\D", "", number)
    else:
        return None
    texted = TEXT_CUE.search(before)
    if texted:
        word = texted.group("word")
        return f"sms:{address}" + (f"?body={word}" if word and word.isupper() else "")
    return f"tel:{address}"


def _numbers(text: str, before: str) -> list[dict]:
    """Plain text cut into text and tel:/sms: links. A run of groups that is not one number is tried
    group by group ("call 999 or 116 123", "0800 1111 2026"), longest number first."""
    out: list[dict] = []
    position = 0
    for match in NUMBER.finditer(text):
        groups = re.split(r"(?<=\d)(?=[ -]\d)", match.group(0))
        start = match.start()
        while groups:
            for count in range(len(groups), 0, -1):
                candidate = "".join(groups[:count])
                href = phone_href(candidate, (before + text[:start])[-CUE_REACH:])
                if href:
                    break
            else:
                count, href = 1, None
            end = start + len("".join(groups[:count]))
            if href:
                if start > position:
                    out.append({"text": text[position:start], "href": None})
                out.append({"text": text[start:end], "href": href})
                position = end
            groups = groups[count:]
            start = end
            while groups and groups[0][0] in " -":  # the separator stays plain text
                groups[0] = groups[0][1:]
                start += 1
    if position < len(text):
        out.append({"text": text[position:], "href": None})
    return out


def segments(line: str) -> list[dict]:
    """A line cut into text and links: web addresses (always http(s), whatever was typed) and phone
    numbers (tel:, or sms: for a number to text)."""
    out: list[dict] = []
    position = 0
    for match in LINK.finditer(line):
        found = match.group("url").rstrip(".,;:!?)")
        start, end = match.start(), match.start() + len(found)
        if start > position:
            out += _numbers(line[position:start], line[:position])
        href = found if found.lower().startswith(("http://", "https://")) else f"https://{found}"
        out.append({"text": found, "href": href})
        position = end
    if position < len(line):
        out += _numbers(line[position:], line[:position])
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


def is_help_heading(text: str) -> bool:
    """'If you need help now' and an editor's rewording of it ('Need help now?', 'Getting help now')."""
    words = set(re.sub(r"[^a-z ]", " ", text.lower()).split())
    return "help" in words and bool(words & {"now", "need", "urgent", "urgently", "emergency"})


def sections(text: str) -> dict[str, list[dict]]:
    """The public page's blocks: `help`, the help-now section (shown first, whatever its place in the
    text, and Harbour's own contacts when a text has none), and `body`, everything else in order."""
    help_blocks: list[dict] = []
    body: list[dict] = []
    in_help = False
    for block in blocks(text):
        if block["kind"] == "heading":
            in_help = is_help_heading(block["text"])
            if in_help:
                continue  # the page gives the section its own heading
        (help_blocks if in_help else body).append(block)
    if not help_blocks:
        help_blocks = blocks("\n".join(f"- {item}" for item in HELP_NOW))
    return {"help_heading": HELP_HEADING, "help": help_blocks, "body": body}
