"""Threads in Harbour's registry. API sources for each capability: docs/connectors.md, "Threads"."""

import regex

from harbour.connectors.platform import ChecklistItem, PlatformCapability, PlatformEntry, ReplyControl
from harbour.connectors.text_length import GRAPHEME, Counting

EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")


def threads_length(text: str) -> int:
    """A post's length as Threads counts it ("Emojis are counted as the number of UTF-8 bytes", its posts
    documentation): each character one, each emoji (a grapheme with a pictograph or a flag's letters in it)
    the bytes it takes in UTF-8, 4 for most, 8 for a flag, 25 for a family of four."""
    return sum(len(g.encode()) if EMOJI.search(g) else 1 for g in GRAPHEME.findall(text))


COUNTING = Counting(threads_length, "counting each emoji as the bytes it takes (4 for most)", "length")

THREADS = PlatformEntry(
    key="threads",
    label="Threads",
    report_to="Threads, through the Report option in the post's menu",
    connector="harbour.connectors.threads.connector.ThreadsConnector",
    minimum_age=13,  # Threads, like Instagram, is for people aged 13 and over
    credential_kinds=("access_token",),
    # graph_url: graph.threads.net, or the simulator's address in tests and the demo; account_id: the Threads
    # user id; reply_control: the organisation's policy for the channel, the most open of reply_controls a
    # post may choose, and who may answer Harbour's replies from the inbox (the connector's REPLY_CONTROL by
    # default).
    config_from={"graph_url": "graph_url", "account_id": "account_id", "reply_control": "reply_control"},
    # Threads has no report API (report on Threads through report_url); its API has no blocking, muting or
    # messages. A post has images or one video, which Threads fetches from the address Harbour signs for it.
    capabilities={
        PlatformCapability.HIDE,
        PlatformCapability.UNHIDE,
        PlatformCapability.REPLY,
        PlatformCapability.PUBLISH,
        PlatformCapability.PUBLISH_IMAGES,
        PlatformCapability.PUBLISH_VIDEO,
        PlatformCapability.DELETE,
    },
    # A video: at most 5 minutes and 1 GB (Threads' video specifications, its posts documentation; "1 GB"
    # read as 1,000,000,000 bytes, the smaller reading). The connector also checks width and shape.
    max_video_seconds=300,
    max_video_bytes=1_000_000_000,
    # Threads fetches a post's images and video from a public address (image_url, video_url), which Harbour
    # signs for the post.
    fetches_media=True,
    max_images=20,  # a carousel's items (Threads' posts documentation)
    max_text_length=500,  # Threads' limit on a post's text (its posts documentation)
    counting=COUNTING,
    # Threads' reply_control values (its posts documentation, "Reply controls"), safest first: each post's
    # author chooses one (the safest the channel's policy allows is the default), the proof reader approves
    # it with the words, and the connector sends it. Threads also documents parent_post_author_only and
    # followers_only; a channel's policy may name them, but authors are offered these three.
    reply_controls=(
        ReplyControl(
            "mentioned_only",
            "Only accounts the post mentions",
            "Nobody else can reply. If the post mentions nobody, nobody can reply to it.",
        ),
        ReplyControl(
            "accounts_you_follow",
            "Only accounts the organisation follows",
            "Strangers cannot reply, so they cannot pile onto the post.",
        ),
        ReplyControl(
            "everyone",
            "Anyone on Threads",
            "Strangers can reply too. Replies reach the inbox, screened, but someone must watch them.",
        ),
    ),
    hide_means=(
        "Hides a reply made directly to the organisation's thread, and every reply under it: people see "
        "it only if they choose to see hidden replies, and its author is not told. Threads cannot hide a "
        "reply to a reply on its own: hide the reply it answers. Report it on Threads as well if it worried you."
    ),
    privacy_checklist=(
        ChecklistItem(
            "threads_who_can_reply",
            "Who can reply is set as the organisation decided",
            "Threads → Settings → Privacy → Mentions and replies: who can reply to the account's posts "
            "(each post from Harbour says who can reply to it, as its author chose and the proof reader approved).",
        ),
        ChecklistItem(
            "threads_who_can_mention",
            "Who can mention the account is limited",
            "Threads → Settings → Privacy → Mentions: 'Profiles you follow' or nobody, so strangers cannot "
            "tag the organisation into their posts.",
        ),
        ChecklistItem(
            "threads_hidden_words",
            "Hidden words cover slurs and known harmful terms",
            "Threads → Settings → Privacy → Hidden words: turn on 'Offensive words and phrases' and add a "
            "custom list, so matching replies are hidden before anyone sees them.",
        ),
        ChecklistItem(
            "threads_limits",
            "Limits are ready for a pile-on",
            "Threads → Settings → Privacy → Limits: know where to limit replies and mentions from people "
            "who do not follow the account for a while, if a post draws unwanted attention.",
        ),
        ChecklistItem(
            "threads_profile_public",
            "The profile's visibility and the linked Instagram account are as the organisation decided",
            "Threads → Settings → Privacy → Private profile, and the Instagram account it is linked to: "
            "check both accounts' settings, as the Threads profile shares the Instagram account's name.",
        ),
        ChecklistItem(
            "threads_token_permissions",
            "Harbour's connection has only the permissions it needs",
            "Meta's Business Integrations (or Threads → Settings → Account → Website permissions): Harbour "
            "asks to read replies and mentions, manage replies, publish and delete its own posts; nothing else.",
        ),
    ),
)
