"""Consultations in Harbour's registry: young people answer polls and surveys and post on discussion boards
on Harbour's own pages (harbour/consultation). Harbour is the platform, so there is nothing to connect:
hiding a board post takes it off the board at once, and a post that screening flags arrives hidden until a
moderator shows it (Delivery.HOSTED)."""

from harbour.connectors.platform import ChecklistItem, Delivery, PlatformCapability, PlatformEntry

CONSULTATION = PlatformEntry(
    key="consultation",
    label="Harbour consultations (polls, surveys and boards)",
    report_to="the organisation's moderators, with the report button under each post",
    delivery=Delivery.HOSTED,
    capabilities={PlatformCapability.HIDE, PlatformCapability.UNHIDE},
    hide_means=(
        "The post is taken off the board at once; the young person who wrote it still sees it as held. "
        "A post held when it arrived is put on the board when you choose Show on the board."
    ),
    hide_label="Take off the board",
    unhide_label="Show on the board",
    privacy_checklist=(
        ChecklistItem(
            "board_rules",
            "The board's house rules are written for young people",
            "Each board's introduction says what may be posted, that posts are read by moderators, and that "
            "nobody should share their name, school, address or photos.",
        ),
        ChecklistItem(
            "lawful_basis",
            "The lawful basis for each consultation is recorded",
            "Public task or legitimate interests, not consent by default; a data protection impact "
            "assessment covers consultations with young people.",
        ),
        ChecklistItem(
            "osa_scope",
            "The Online Safety Act scope decision is written down",
            "Whether your boards are a user-to-user service, with your risk assessment, terms and how "
            "reports and complaints are handled.",
        ),
    ),
)
