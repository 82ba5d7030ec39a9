"""Mastodon's moderation calls against mastodon_mock, a stateful simulator of the Mastodon client API (not
Mastodon): each call is read back from the simulator (its report queue, blocks, mutes, relationships), and
bad input is refused with a plain message. What real Mastodon does with notifications from a muted or
blocked account the simulator does not model: that part rests on the API documentation (docs/connectors.md)."""

import pytest

from harbour.connectors.base import AuthFailed, NotSupported, Rejected
from harbour.connectors.mastodon.connector import CATEGORIES, MastodonConnector
from harbour.connectors.mastodon.platform import MASTODON
from harbour.connectors.platform import ReportReason


@pytest.fixture
def org(mastodon_server):
    def make(token="org-token"):
        return MastodonConnector(
            {"instance_url": mastodon_server.url, "allow_private_network": "true"}, {"access_token": token}
        )

    return make


def account_id(api) -> str:
    return str(api.account_verify_credentials()["id"])


def reports_against(api, target: str) -> list[dict]:
    """The server's open reports against target, as its moderators see them."""
    return [report for report in api.admin_reports() if str(report["target_account"]["id"]) == target]


def relationship(api, target: str) -> dict:
    [found] = api.account_relationships(target)
    return found


def test_report_a_status_reaches_the_servers_report_queue(org, mastodon_api):
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    lure = stranger.status_post("@harbour_org send me a pic of you in your uniform x")
    before = len(reports_against(me, stranger_id))

    reference = org().report(str(lure["id"]), stranger_id, "Asks a young person for a photo.")

    assert reference.isdigit()
    reports = reports_against(me, stranger_id)
    assert len(reports) == before + 1
    [report] = [report for report in reports if str(report["id"]) == reference]
    assert report["comment"] == "Asks a young person for a photo."
    assert report["category"] == "other"
    assert [str(status["id"]) for status in report["statuses"]] == [str(lure["id"])]
    assert str(report["account"]["account"]["id"]) == account_id(me)  # filed by the organisation


def test_each_reason_mastodon_takes_is_sent_as_its_category(org, mastodon_api):
    """spam and other through Mastodon.py's report(); legal (Mastodon 4.2), which Mastodon.py 2.3.3 does
    not know, through its request helper: the server's queue shows each category."""
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    lure = stranger.status_post("@harbour_org meet me after school, don't tell anyone")
    assert set(CATEGORIES) == set(MASTODON.report_reasons)  # the entry offers what the connector sends
    sent = {
        reason: org().report(str(lure["id"]), stranger_id, f"Reported as {reason}", reason)
        for reason in MASTODON.report_reasons
    }
    reports = {str(report["id"]): report for report in reports_against(me, stranger_id)}
    for reason, reference in sent.items():
        assert reports[reference]["category"] == CATEGORIES[reason] == reason.value
        assert reports[reference]["comment"] == f"Reported as {reason}"
        assert [str(status["id"]) for status in reports[reference]["statuses"]] == [str(lure["id"])]


def test_a_reason_mastodon_does_not_take_is_refused_before_anything_is_sent(org, mastodon_api):
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    before = len(reports_against(me, stranger_id))
    for reason in (ReportReason.RUDE, ReportReason.VIOLATION, "made-up"):
        with pytest.raises(Rejected, match=f"Mastodon takes no report of the kind '{reason}'"):
            org().report("", stranger_id, "words", reason)
    assert len(reports_against(me, stranger_id)) == before


def test_report_an_account_and_a_long_reason_is_shortened(org, mastodon_api):
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    reference = org().report("", stranger_id, "x" * 1500)
    [report] = [report for report in reports_against(me, stranger_id) if str(report["id"]) == reference]
    assert report["statuses"] == []
    assert len(report["comment"]) == 1000 and report["comment"].endswith("…")


def test_a_report_with_the_wrong_author_or_an_unknown_account_is_refused(org, mastodon_api):
    me, young, stranger = mastodon_api("harbour_org"), mastodon_api("young_person"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    their_status = young.status_post("@harbour_org is the club open?")
    before = len(reports_against(me, stranger_id))
    with pytest.raises(Rejected, match="not written by the account being reported"):
        org().report(str(their_status["id"]), stranger_id, "wrong author")
    with pytest.raises(Rejected, match="could not find"):
        org().report("", "999999999", "nobody")
    with pytest.raises(Rejected, match="not a Mastodon account id"):
        org().report("", "@stranger@example.org", "a handle, not an id")
    with pytest.raises(Rejected, match="not a Mastodon status id"):
        org().report("https://example.org/@stranger/1", stranger_id, "an address, not an id")
    assert len(reports_against(me, stranger_id)) == before


def test_block_and_unblock(org, mastodon_api):
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    connector = org()
    connector.block(stranger_id)
    connector.block(stranger_id)  # twice is harmless
    assert relationship(me, stranger_id)["blocking"] is True
    assert [str(account["id"]) for account in me.blocks()] == [stranger_id]
    connector.unblock(stranger_id)
    connector.unblock(stranger_id)
    assert relationship(me, stranger_id)["blocking"] is False
    assert me.blocks() == []


def test_mute_keeps_notifications_so_harbour_still_screens_the_account(org, mastodon_api):
    me, stranger = mastodon_api("harbour_org"), mastodon_api("stranger")
    stranger_id = account_id(stranger)
    connector = org()
    connector.mute(stranger_id)
    connector.mute(stranger_id)
    muted = relationship(me, stranger_id)
    assert muted["muting"] is True
    assert muted["muting_notifications"] is False  # Harbour reads mentions from notifications
    assert [str(account["id"]) for account in me.mutes()] == [stranger_id]
    connector.unmute(stranger_id)
    assert relationship(me, stranger_id)["muting"] is False


def test_block_and_mute_refuse_an_unknown_account_the_organisation_and_a_refused_token(org, mastodon_api):
    me = mastodon_api("harbour_org")
    connector = org()
    for act in (connector.block, connector.mute):
        with pytest.raises(Rejected, match="could not find"):
            act("999999999")
        with pytest.raises(Rejected, match="not a Mastodon account id"):
            act("stranger")
        with pytest.raises(Rejected, match="itself"):
            act(account_id(me))
    with pytest.raises(AuthFailed):
        org("not-a-token").block(account_id(mastodon_api("stranger")))
    assert me.blocks() == [] and me.mutes() == []


def test_mastodon_cannot_hide_or_unhide_other_peoples_replies():
    assert not MASTODON.can("hide") and not MASTODON.can("unhide")
    connector = MastodonConnector({"instance_url": "https://social.example.org"}, {"access_token": "x"})
    for act in (connector.hide, connector.unhide):
        with pytest.raises(NotSupported):
            act("1", thread_root="2")
