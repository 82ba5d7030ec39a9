"""The demo organisation's saved replies: the starter privacy advice and one general reply, made by its
manager through the services. Safe to run again (harbour seed_demo)."""

from harbour.accounts.capabilities import Role
from harbour.replies import services
from harbour.replies.models import ReplyKind, SavedReply
from harbour.replies.starter import DEMO_GENERAL


def seed(organisation, members) -> None:
    manager = members[Role.MANAGER]
    services.add_starter_advice(organisation, by=manager)
    title, text = DEMO_GENERAL
    if not SavedReply.objects.for_org(organisation).filter(kind=ReplyKind.GENERAL, title=title).exists():
        services.save_reply(
            SavedReply(organisation=organisation, title=title, text=text, kind=ReplyKind.GENERAL), by=manager
        )
