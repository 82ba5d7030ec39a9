"""The demo's consultations (harbour/consultation/demo.py): seeding makes an active consultation channel
through the channel services, a running poll and survey with a few dozen answers, a board with posts of
which one (with contact details) is held, and a closed survey with its "you said, we did"; every one passes
the builder's blocking warnings; and seeding again adds nothing."""

import pytest

from harbour.channels.models import Channel, Status
from harbour.consultation import demo, wording
from harbour.consultation.models import BoardPost, Consultation, Kind, Response, State
from harbour.moderation.services import is_hidden

pytestmark = pytest.mark.django_db


def test_the_demo_consultations(org, members):
    demo.seed(org, members)
    channel = Channel.objects.get(organisation=org, platform="consultation")
    assert channel.status == Status.ACTIVE
    by_title = {c.title: c for c in Consultation.objects.for_org(org)}
    poll = by_title[demo.POLL["title"]]
    survey = by_title[demo.SURVEY["title"]]
    board = by_title[demo.BOARD["title"]]
    closed = by_title[demo.CLOSED["title"]]
    assert (poll.kind, poll.state) == (Kind.POLL, State.OPEN)
    assert (survey.kind, survey.state) == (Kind.SURVEY, State.OPEN)
    assert (board.kind, board.state) == (Kind.BOARD, State.OPEN)
    assert closed.state == State.CLOSED and closed.you_said_we_did.startswith("You said")
    assert poll.responses.count() == sum(demo.POLL["votes"]) == 41
    assert survey.responses.count() == len(demo.SAY) + 8
    assert survey.questions.get(kind="free_text").written.count() == len([s for s in demo.SAY if s])
    assert closed.responses.count() == 23
    posts = list(BoardPost.objects.filter(consultation=board).select_related("item"))
    assert len(posts) == len(demo.BOARD["posts"])
    held = [p for p in posts if is_hidden(p.item)]
    assert [p.item.text for p in held] == [demo.BOARD["posts"][5][0]]
    for consultation in (poll, survey, board, closed):
        assert not [w for w in wording.consultation_warnings(consultation) if w.blocking], consultation.title

    before = (Consultation.objects.count(), Response.objects.count(), BoardPost.objects.count())
    demo.seed(org, members)
    assert (Consultation.objects.count(), Response.objects.count(), BoardPost.objects.count()) == before
