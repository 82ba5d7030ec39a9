"""The demo's Instagram channel, on the local Graph API simulator that `harbour run` starts when no Meta
app is set (harbour/console/management/commands/run.py): an Instagram account with a post and comments
from young people, some of them worrying, which the channel collects and screens into the inbox like any
other; and a person "signed in to Facebook" who manages it, so a manager can try "Connect again" through
the simulator's dialog. Nothing here reaches Meta.

Run by harbour/channels/demo.py's seed. Safe to run again: the simulator starts empty each time and its
ids come from a counter, so the same seeding gives the same account, post and comment ids, and the
channel's stored connection stays valid; items are stored once by their ids.
"""

import json
import logging
from datetime import timedelta

import httpx
from django.conf import settings
from django.utils import timezone

from harbour.accounts.capabilities import Role
from harbour.channels import meta_services, privacy, readiness_demo, services
from harbour.channels.models import Channel, Outcome, Status
from harbour.connectors.registry import meta_login

log = logging.getLogger(__name__)

PLATFORM = "instagram"
TOKEN = "demo-instagram-page-token-not-for-production"  # the simulator's Page token for the demo account
CHANNEL = {
    "name": "Youth Voice on Instagram",
    "handle": "@derbyyouthvoice",
    "aims": "Share what the youth council is doing and hear from young people in their comments.",
    "suitability": "Most young people in Derby use Instagram; comment filters and hidden words keep the "
    "comments manageable.",
}
POST = "Summer trip to the coast: sign-ups open on Monday. What should we do there?"
COMMENTS = [
    ("maddie.k", "Can we go to the aquarium?? 🐠"),
    ("jay_2010", "what time does the coach leave?"),
    ("sk8r.boi", "nobody wants you on the trip leo, just stay at home"),
    ("helpful_dave_22", "you seem really mature for your age, message me privately and don't tell your mum"),
    ("priya.b", "Can I bring my little brother? He's 12"),
]


def simulator_url() -> str:
    """The simulator's address when Harbour is pointed at a local one (the demo), else ""."""
    url = settings.HARBOUR_META_GRAPH_URL
    return url if url.startswith(("http://127.0.0.1:", "http://localhost:")) else ""


def _post(url: str, path: str, **data) -> dict:
    answer = httpx.post(f"{url}{path}", data=data, timeout=10)
    answer.raise_for_status()
    return answer.json()


def seed(organisation, members, *, common: dict, publish_disclaimer) -> None:
    """common: the demo channels' shared values; publish_disclaimer(channel, manager, mark): the demo's
    way of publishing the generated disclaimer (harbour/channels/demo.py passes both)."""
    url = simulator_url()
    if not url or meta_login(PLATFORM) is None:
        return
    manager, moderator = members[Role.MANAGER], members[Role.MODERATOR]
    try:
        account = _post(
            url, "/_sim/instagram/accounts", username="derbyyouthvoice", name=organisation.name, token=TOKEN
        )
        _post(
            url,
            "/_sim/oauth/sign-in",
            user_id="5550001",
            name=str(manager.user),
            pages=json.dumps([{"id": account["page_id"], "name": organisation.name, "instagram": account}]),
        )
        media = _post(
            url, "/_sim/instagram/media", account_id=account["id"], caption=POST, seconds_ago="7200"
        )
        for minutes, (username, text) in zip(range(110, 0, -20), COMMENTS, strict=False):
            _post(
                url,
                "/_sim/instagram/comments",
                media_id=media["id"],
                username=username,
                text=text,
                seconds_ago=str(minutes * 60),
            )
    except (httpx.HTTPError, KeyError, ValueError) as error:
        log.warning("The demo's Instagram account could not be made on the simulator at %s: %s", url, error)
        return
    _channel(organisation, manager, moderator, account, url, common, publish_disclaimer)


def _channel(
    organisation, manager, moderator, account: dict, url: str, common: dict, publish_disclaimer
) -> None:
    channel = Channel.objects.filter(organisation=organisation, name=CHANNEL["name"]).first()
    if channel is None:
        values = {**CHANNEL, **common, "platform": PLATFORM, "display_name": organisation.name}
        channel = services.propose_channel(
            organisation, values, owners=[manager], moderators=[moderator, manager], by=manager
        )
    if channel.status == Status.PROPOSED:
        services.approve_channel(channel, by=manager)
    if channel.status == Status.RETIRED:
        return
    connection = getattr(channel, "meta_connection", None)
    if (
        connection is None
        or channel.config.get("graph_url") != url
        or channel.config.get("account_id") != account["id"]
    ):
        login = meta_login(PLATFORM)
        meta_services.connect_meta_account(
            channel,
            account_id=account["id"],
            account_name=f"@{account['username']} (Page: {organisation.name})",
            page_id=account["page_id"],
            token=TOKEN,
            graph_url=url,
            permissions=list(login.scopes),
            declined=[],
            expires_at=None,
            data_access_expires_at=timezone.now() + timedelta(days=90),
            by=manager,
        )
    if channel.status != Status.APPROVED:
        return
    if channel.last_completed_review() is None:
        review = services.start_privacy_review(channel, by=manager)
        answers = {item.key: (Outcome.CONFIRMED, "") for item in privacy.checklist(channel.platform)}
        services.record_privacy_checks(review, answers, by=manager)
    if channel.current_disclaimer_id is None:
        publish_disclaimer(channel, manager, "channel.demo_seeded")
    readiness_demo.complete(channel, by=manager)
    services.activate_channel(channel, by=manager)
