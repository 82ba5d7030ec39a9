"""The post's page and the proof reader's page: what each member sees and may do, comments tied to the
quoted words, a crafted approval of one's own post refused with nothing recorded, the time changed,
a post taken back, a failure shown with what to do and tried again, and the replies it had."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.connectors.base import Rejected
from harbour.publishing import sending, services
from harbour.publishing.models import (
    PostState,
    Publication,
    PublicationState,
    Review,
    ReviewComment,
)
from tests.cast import active_channel, give_training, make_item, make_member
from tests.publishing.library import attach
from tests.publishing.platform import PublishingSource

pytestmark = pytest.mark.django_db

TEXT = "Summer camp sign-ups open on Monday. Bring a friend, and bring a friend's idea. What would you like to do?"


@pytest.fixture(autouse=True)
def platform():
    PublishingSource.reset()
    yield PublishingSource
    PublishingSource.reset()


@pytest.fixture
def channel(org):
    channel = active_channel(org, "test_publishing")
    channel.name = "Derby on the test platform"
    channel.save()
    return channel


@pytest.fixture
def proof_reader(reviewer):
    give_training(reviewer, "approve")
    return reviewer


def submitted(author, channel, text=TEXT, variants=None):
    post = services.create_post(
        by=author, title="Summer camp", text=text, channel_ids=[channel.pk], variants=variants
    )
    services.submit(post, by=author, revision=post.revision)
    post.refresh_from_db()
    return post


def page(client, post, name="post"):
    return client.get(reverse(f"publishing:{name}", args=[post.pk]))


def decide(client, post, **data):
    data = {"version": post.current_version.number, **data}
    return client.post(reverse("publishing:review", args=[post.pk]), data)


def test_the_post_page_shows_the_version_its_checks_and_who_may_proof_read(
    client_for, author, proof_reader, channel
):
    post = submitted(author, channel)
    version = post.current_version
    response = page(client_for(author), post)
    body = response.content.decode()
    assert response.status_code == 200
    assert version.content_hash[:12] in body and "Version 1" in body
    assert "Summer camp sign-ups open on Monday." in body
    assert "Checks when it was submitted" in body and "Fits" in body
    assert "Version 1 sent for proof reading" in body
    assert reverse("publishing:review", args=[post.pk]) not in body  # the author may not
    assert reverse("publishing:edit", args=[post.pk]) in body
    assert "Only proof readers" not in body  # nothing said to those who never proof read
    assert reverse("publishing:take_back", args=[post.pk]) in body

    body = page(client_for(proof_reader), post).content.decode()
    assert reverse("publishing:review", args=[post.pk]) in body
    assert reverse("publishing:edit", args=[post.pk]) not in body  # proof readers do not write


def test_a_proof_reader_approves_on_the_page_and_it_is_scheduled(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    client = client_for(proof_reader)
    response = page(client, post, "review")
    body = response.content.decode()
    assert response.status_code == 200 and "Your decision" in body
    assert "How it will look" in body and f"{len(TEXT)} of 280 characters" in body  # the platform's preview
    response = decide(client, post, decision="approve")
    assert response.status_code == 302 and response["Location"] == reverse("publishing:post", args=[post.pk])
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    decision = Review.objects.get(post=post)
    assert decision.reviewer == proof_reader and decision.content_hash == post.current_version.content_hash
    body = client.get(response["Location"]).content.decode()
    assert "Approved. It is scheduled to go out now." in body
    assert "Approved and scheduled" in body and "Scheduled" in body


def test_the_author_cannot_approve_their_own_post_by_the_page_or_a_crafted_post(org, client_for, channel):
    writer = make_member(
        org, "manager", "writer@example.org", "Wren Writer"
    )  # managers approve others' posts
    give_training(writer, "approve")
    post = submitted(writer, channel)
    client = client_for(writer)
    response = page(client, post, "review")
    body = response.content.decode()
    assert response.status_code == 403
    assert "You wrote this post, so someone else must proof read it." in body
    assert "Send your decision" not in body
    response = decide(client, post, decision="approve")  # crafted: the page never offered the form
    assert response.status_code == 403
    assert "You wrote this post" in response.content.decode()
    assert not Review.objects.exists()
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_an_author_role_is_refused_the_review_page(client_for, author, channel):
    post = submitted(author, channel)
    assert decide(client_for(author), post, decision="approve").status_code == 403
    assert not Review.objects.exists()


def test_an_untrained_proof_reader_sees_why(client_for, author, reviewer, channel):
    post = submitted(author, channel)
    response = page(client_for(reviewer), post, "review")
    assert response.status_code == 403 and "training" in response.content.decode()
    assert decide(client_for(reviewer), post, decision="approve").status_code == 403
    assert not Review.objects.exists()


def test_sending_back_ties_comments_to_the_quoted_words(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    client = client_for(proof_reader)
    response = decide(
        client,
        post,
        decision="send_back",
        comments="Nearly there.",
        quote_0="open on Monday",
        comment_0="Which Monday? Give the date.",
        rows="2",
    )
    assert response.status_code == 302
    note = ReviewComment.objects.get()
    assert (note.start, note.end, note.quote) == (
        TEXT.index("open on Monday"),
        TEXT.index("open on Monday") + 14,
        "open on Monday",
    )
    assert note.channel is None
    post.refresh_from_db()
    assert post.state == PostState.DRAFT

    body = client_for(author).get(reverse("publishing:post", args=[post.pk])).content.decode()
    assert "Sent back by" in body
    assert '[the words: </span>open on Monday<span class="govuk-visually-hidden">]</span></mark>' in body
    assert "Which Monday? Give the date." in body and "Nearly there." in body


@pytest.mark.parametrize(
    "quote, problem",
    [
        ("open on Tuesday", "are not in the text"),
        ("bring a friend", "are in the text 2 times"),
    ],
)
def test_words_not_in_the_text_or_there_twice_are_asked_for_again(
    client_for, author, proof_reader, channel, quote, problem
):
    post = submitted(author, channel, text=TEXT.replace("Bring a friend", "bring a friend"))
    response = decide(
        client_for(proof_reader), post, decision="send_back", quote_0=quote, comment_0="Change this."
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert problem in body and "There is a problem" in body
    assert "Change this.</textarea>" in body  # kept as typed
    assert not Review.objects.exists()


def test_a_comment_on_a_channels_own_version(client_for, author, proof_reader, channel):
    post = submitted(author, channel, variants={channel.pk: "Camp sign-ups open Monday! Ideas welcome?"})
    response = decide(
        client_for(proof_reader),
        post,
        decision="send_back",
        where_0=str(channel.pk),
        quote_0="Ideas welcome?",
        comment_0="Ask it as a question to them.",
    )
    assert response.status_code == 302
    note = ReviewComment.objects.get()
    assert note.channel == channel and note.quote == "Ideas welcome?"


def test_sending_back_needs_a_comment(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    response = decide(client_for(proof_reader), post, decision="send_back")
    assert response.status_code == 400
    assert "Say what needs to change" in response.content.decode()
    assert decide(client_for(proof_reader), post).status_code == 400  # no decision
    assert not Review.objects.exists()


def test_add_another_comment_keeps_what_was_typed(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    response = decide(
        client_for(proof_reader), post, decision="send_back", quote_0="Summer camp", rows="2", more="1"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Comment on words 3" in body and "Summer camp</textarea>" in body
    assert "There is a problem" not in body
    assert not Review.objects.exists()


def test_a_decision_on_an_old_version_is_refused(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    client = client_for(proof_reader)
    response = decide(client, post, decision="approve", version="7")
    assert response.status_code == 302
    assert not Review.objects.exists()
    body = client.get(response["Location"]).content.decode()
    assert "Someone changed this post" in body


def test_an_edit_after_approval_sends_it_back_and_the_page_says_so(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    post.refresh_from_db()
    services.change_post(
        post,
        by=author,
        revision=post.revision,
        title=post.title,
        text="Camp sign-ups open on Monday 3 June. What would you like to do?",
        channel_ids=[channel.pk],
    )
    post.refresh_from_db()
    body = page(client_for(author), post).content.decode()
    assert "needs approval again" in body
    assert "Back to draft" in body and "changed after it was approved" in body
    assert "Camp sign-ups open on Monday 3 June." in body  # the words as they are now
    assert Publication.objects.get(post=post).state == PublicationState.CANCELLED


def test_the_time_changes_and_a_past_time_is_refused(client_for, author, channel):
    post = submitted(author, channel)
    client = client_for(author)
    url = reverse("publishing:schedule", args=[post.pk])
    soon = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        url,
        {
            "when": "at",
            "date-day": soon.day,
            "date-month": soon.month,
            "date-year": soon.year,
            "time": "18:30",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert timezone.localtime(post.publish_at).strftime("%Y-%m-%d %H:%M") == soon.strftime("%Y-%m-%d 18:30")
    past = timezone.localtime() - datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "when": "at",
            "date-day": past.day,
            "date-month": past.month,
            "date-year": past.year,
            "time": "09:00",
        },
    )
    assert response.status_code == 400 and "Choose a time in the future" in response.content.decode()
    response = client.post(url, {"when": "at"})
    assert response.status_code == 400 and "Enter the date it should go out" in response.content.decode()
    assert client.post(url, {"when": "now"}).status_code == 302
    post.refresh_from_db()
    assert post.publish_at is None


def test_a_scheduled_post_moved_to_now(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    services.reschedule(post, by=author, publish_at=timezone.now() + datetime.timedelta(days=2))
    services.review(post, by=proof_reader, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)
    response = client_for(proof_reader).post(reverse("publishing:schedule", args=[post.pk]), {"when": "now"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.next_try_at <= timezone.now()


def test_taking_a_post_back(client_for, author, proof_reader, channel, viewer):
    post = submitted(author, channel)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    url = reverse("publishing:take_back", args=[post.pk])
    assert client_for(viewer).post(url).status_code == 403
    client = client_for(author)
    response = client.post(url)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    assert Publication.objects.get(post=post).state == PublicationState.CANCELLED
    body = client.get(response["Location"]).content.decode()
    assert "Taken back" in body and "needs approval again" in body
    response = client.post(url)  # a draft cannot be taken back: said, not a crash
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Only a post waiting for proof reading or scheduled can be taken back." in body


def test_a_failure_is_shown_with_what_to_do_and_tried_again(
    platform, client_for, author, proof_reader, channel
):
    post = submitted(author, channel)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)
    platform.SCRIPT = [Rejected("The platform refused the post: too many links")]
    assert sending.publish(publication.pk).outcome == "failed"
    for member in (author, proof_reader):
        body = page(client_for(member), post).content.decode()
        assert "It was not posted" in body and "too many links" in body
        assert "What to do:" in body and "copy the approved text" in body
    response = client_for(author).post(reverse("publishing:try_again", args=[post.pk]))
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.state == PublicationState.PENDING
    assert sending.publish(publication.pk).outcome == "published"
    body = page(client_for(author), post).content.decode()
    assert "Tried again" in body and "See it on" in body


def test_the_replies_it_had_are_counted_and_linked_for_inbox_readers(
    client_for, author, proof_reader, manager, channel
):
    post = submitted(author, channel)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    publication = Publication.objects.get(post=post)
    assert sending.publish(publication.pk).outcome == "published"
    publication.refresh_from_db()
    first = make_item(channel, "Can I bring my brother?", thread_id=publication.platform_id)
    make_item(channel, "Yes please!", thread_id=publication.platform_id)
    make_item(channel, "Something else", thread_id="another-thread")
    body = page(client_for(manager), post).content.decode()
    assert "2 replies in the inbox." in body
    assert reverse("inbox:item", args=[first.pk]) in body
    body = page(client_for(author), post).content.decode()
    assert "2 replies in the inbox." in body
    assert reverse("inbox:item", args=[first.pk]) not in body  # authors do not read the inbox


def test_another_organisations_post_is_not_found(client_for, author, outsider, channel):
    post = submitted(author, channel)
    for name in ("post", "review"):
        assert page(client_for(outsider), post, name).status_code == 404
    assert client_for(outsider).post(reverse("publishing:take_back", args=[post.pk])).status_code == 404


def test_every_typed_name_and_text_is_isolated_on_both_pages(platform, org, client_for, author, channel):
    from tests.test_untrusted_text_isolated import RLO, problems_in

    channel.name = f"Club {RLO}deef feed"
    channel.save()
    readers = []
    for number in (1, 2):
        reader = make_member(org, "reviewer", f"reader{number}@example.org", f"Rae {RLO}redaer{number}")
        give_training(reader, "approve")
        readers.append(reader)
    text = f"Camp {RLO}pmac opens Monday. What would you like to do?"
    post = services.create_post(
        by=author,
        title=f"Camp {RLO}eltit",
        text=text,
        channel_ids=[channel.pk],
        variants={channel.pk: f"Camp {RLO}tnairav opens. Ideas?"},
    )
    services.submit(post, by=author, revision=post.revision)
    review_page = page(client_for(readers[0]), post, "review").content.decode()
    assert problems_in(review_page) == []
    services.review(
        post,
        by=readers[0],
        version_number=1,
        approve=False,
        comments=f"Nearly {RLO}ylraen",
        text_comments=[{"channel_id": None, "start": 5, "end": 9, "comment": f"Say {RLO}yas"}],
    )
    post.refresh_from_db()
    services.change_post(
        post,
        by=author,
        revision=post.revision,
        title=post.title,
        text=text.replace("Monday", f"{RLO}yadnoM"),
        channel_ids=[channel.pk],
        variants={channel.pk: f"Camp {RLO}tnairav opens Monday. Ideas?"},
    )
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    review_page = page(client_for(readers[1]), post, "review").content.decode()
    assert "What changed since version 1" in review_page
    assert problems_in(review_page) == []
    services.review(post, by=readers[1], version_number=2, approve=True)
    platform.SCRIPT = [Rejected(f"Refused: {RLO}desufer")]
    assert sending.publish(Publication.objects.get(post=post).pk).outcome == "failed"
    body = page(client_for(author), post).content.decode()
    assert RLO in body and "Say " in body
    assert problems_in(body) == []


def test_the_images_are_shown_with_their_alt_text_and_facts(client_for, author, proof_reader, channel):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    post = services.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk])
    data = io.BytesIO()
    Image.new("RGB", (16, 9), "teal").save(data, "PNG")
    attach(
        post,
        author,
        upload=SimpleUploadedFile("camp.png", data.getvalue()),
        alt_text="Tents by the lake at sunset",
        shows="nobody",
        source="licensed",
        licence="Bought from a stock library, licence 1234",
    )
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    image = post.images.get()
    for response in (page(client_for(author), post), page(client_for(proof_reader), post, "review")):
        body = response.content.decode()
        assert response.status_code == 200
        assert "Tents by the lake at sunset" in body
        assert "Licensed" in body and "licence 1234" in body and "Nobody can be identified" in body
        src = reverse("publishing:image", args=[image.pk])
        assert f'src="{src}" alt="Tents by the lake at sunset"' in body


def test_two_approvals_where_the_channel_asks(org, client_for, author, proof_reader, channel):
    channel.approvals_needed = 2
    channel.save()
    second = make_member(org, "reviewer", "second@example.org", "Sol Second")
    give_training(second, "approve")
    post = submitted(author, channel)
    assert "0 of 2 approvals" in page(client_for(author), post).content.decode()
    client = client_for(proof_reader)
    response = decide(client, post, decision="approve")
    body = client.get(response["Location"]).content.decode()
    assert "It needs another proof reader&#x27;s approval" in body and "1 of 2 approvals" in body
    response = page(client, post, "review")  # once is enough from each
    assert response.status_code == 403 and "already approved this version" in response.content.decode()
    assert decide(client, post, decision="approve").status_code == 403
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED
    client = client_for(second)
    decide(client, post, decision="approve")
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED and Review.objects.filter(post=post).count() == 2


def test_the_history_says_when_the_time_changed_and_by_whom(client_for, author, channel):
    post = submitted(author, channel)
    client = client_for(author)
    client.post(reverse("publishing:schedule", args=[post.pk]), {"when": "now"})
    body = page(client, post).content.decode()
    assert "Time changed</strong> to as soon as it is approved by <bdi>Ava Author</bdi>" in body
    services.reschedule(
        post, by=author, publish_at=datetime.datetime(2031, 6, 27, 16, 30, tzinfo=datetime.UTC)
    )
    body = page(client, post).content.decode()
    assert (
        "Time changed</strong> to 27 June 2031, 17:30 by <bdi>Ava Author</bdi>" in body
    )  # London, summer time


def test_a_second_version_shows_the_proof_reader_what_changed(client_for, author, proof_reader, channel):
    post = submitted(author, channel)
    services.review(
        post,
        by=proof_reader,
        version_number=1,
        approve=False,
        text_comments=[{"channel_id": None, "start": 29, "end": 35, "comment": "Which Monday?"}],
    )
    post.refresh_from_db()
    services.change_post(
        post,
        by=author,
        revision=post.revision,
        title=post.title,
        text=TEXT.replace("on Monday.", "on Monday 2 June."),
        channel_ids=[channel.pk],
    )
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    body = page(client_for(proof_reader), post, "review").content.decode()
    assert "What changed since version 1" in body
    assert "[removed: </span>Monday.<" in body and "[added: </span>Monday 2 June.<" in body
    assert "The same channels." in body and "The same images or video." in body
    first = submitted(author, channel)  # a first version has nothing to compare with
    assert "What changed" not in page(client_for(proof_reader), first, "review").content.decode()


def test_no_change_is_offered_once_a_channel_has_it(org, client_for, author, proof_reader, channel):
    second = active_channel(org, "test_publishing")
    post = services.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk, second.pk])
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=proof_reader, version_number=1, approve=True)
    body = page(client_for(author), post).content.decode()
    assert reverse("publishing:edit", args=[post.pk]) in body  # nothing has gone out yet
    first = Publication.objects.get(post=post, channel=channel)
    assert sending.publish(first.pk).outcome == "published"
    body = page(client_for(author), post).content.decode()
    assert reverse("publishing:edit", args=[post.pk]) not in body
    assert "Published" in body and "Scheduled" in body  # one channel each


def test_the_post_and_proof_reading_pages_say_whom_the_words_name(client_for, author, proof_reader, channel):
    from django.utils import timezone

    from harbour.consent import services as consent

    adult = consent.add_person(
        author.organisation, by=author, kind="adult", first_name="Sam", last_name="Lee", role="Youth worker"
    )
    consent.record_consent(
        adult, by=author, given_by=adult, decisions={"quote": "given"}, starts=timezone.localdate(),
        evidence_kind="signature", signed_name="Sam Lee",
    )  # fmt: skip
    post = services.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk])
    services.tag_person(post, by=author, revision=post.revision, person=adult, use="quote")
    post.refresh_from_db()
    services.submit(post, by=author, revision=post.revision)
    for client, name in ((client_for(author), "post"), (client_for(proof_reader), "review")):
        html = page(client, post, name).content.decode()
        assert "People it names or quotes" in html and "<bdi>Sam Lee</bdi>: quoted" in html
