"""Proof reading in a browser, with axe on each page: a second member approves a post; a proof reader
sends one back with a comment tied to words, which the author then sees against those words; the author
cannot approve their own post by the page nor by a crafted POST; an edit after approval, made on the
authoring page, sends it back, and the post's page says it needs approval again. The drafts are made and
submitted through the services (the authoring pages have their own browser tests)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from harbour.publishing import services
from harbour.publishing.models import PostState, Publication, PublicationState, Review
from tests.cast import active_channel, give_training, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Summer camp sign-ups open on Monday. What would you like to do there?"


@pytest.fixture
def channel(org):
    channel = active_channel(org, "demo", started_at=timezone.now().isoformat())
    channel.name = "Derby Youth on the demo network"
    channel.save()
    return channel


def submitted(writer, channel):
    post = services.create_post(by=writer, title="Summer camp", text=TEXT, channel_ids=[channel.pk])
    services.submit(post, by=writer, revision=post.revision)
    post.refresh_from_db()
    return post


def test_a_second_member_approves_the_post(
    page, live_server, author, reviewer, channel, sign_in_browser, axe_check
):
    give_training(reviewer, "approve")
    post = submitted(author, channel)
    sign_in_browser(page, reviewer.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Summer camp")
    expect(page.locator("#version-hash")).to_have_text(post.current_version.content_hash[:12])
    axe_check(page, context="post waiting for proof reading")
    page.get_by_role("link", name="Proof read").click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    axe_check(page, context="proof reader's page")
    approve = page.get_by_label("Approve it: it is ready to post as it is")
    approve.check()
    approve.press("Enter")  # Enter sends the decision (not "Add another comment on words")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Approved. It is scheduled to go out")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved and scheduled")
    expect(page.locator(".harbour-history__entry").filter(has_text="Approved")).to_contain_text(
        "Rory Reviewer"
    )
    axe_check(page, context="post approved")
    decision = Review.objects.get(post=post)
    assert decision.reviewer == reviewer and decision.content_hash == post.current_version.content_hash
    assert Publication.objects.get(post=post).state == PublicationState.PENDING


def test_a_proof_reader_sends_it_back_with_a_comment_on_words(
    page, live_server, author, reviewer, channel, sign_in_browser, axe_check
):
    give_training(reviewer, "approve")
    post = submitted(author, channel)
    sign_in_browser(page, reviewer.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/review/")
    page.get_by_label("Send it back to the author with comments").check()
    row = page.locator("[data-row='1']")
    row.get_by_label("The words").fill("open on Tuesday")
    row.get_by_label("Your comment on those words").fill("Which Monday? Give the date.")
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("are not in the text")
    axe_check(page, context="proof reader's page with an error")
    row = page.locator("[data-row='1']")
    expect(row.get_by_label("Your comment on those words")).to_have_value("Which Monday? Give the date.")
    row.get_by_label("The words").fill("open on Monday")
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sent back to the author")

    page.context.clear_cookies()
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    expect(page.locator("#sent-back")).to_contain_text("Rory Reviewer")
    expect(page.locator("#sent-back .harbour-word-comments mark")).to_have_text("[the words: open on Monday]")
    expect(page.locator("#sent-back .harbour-word-comments")).to_contain_text("Which Monday? Give the date.")
    axe_check(page, context="post sent back, as its author sees it")

    # The author fixes it and submits it again: the proof reader sees what changed since they read it.
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
    page.context.clear_cookies()
    sign_in_browser(page, reviewer.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/review/")
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    expect(page.locator(".harbour-changes ins")).to_contain_text("Monday 2 June.")
    expect(page.locator(".harbour-changes del")).to_contain_text("Monday.")
    axe_check(page, context="second version, what changed")


def test_the_author_cannot_approve_their_own_post(
    page, live_server, org, channel, sign_in_browser, axe_check
):
    writer = make_member(org, "manager", "wren.writer@example.org", "Wren Writer")  # managers approve others'
    give_training(writer, "approve")
    post = submitted(writer, channel)
    sign_in_browser(page, writer.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    expect(page.get_by_role("link", name="Proof read")).to_have_count(0)
    expect(page.locator("#review-refusal")).to_have_text(
        "You wrote this post, so someone else must proof read it."
    )
    axe_check(page, context="own post")

    page.goto(f"{live_server.url}/publishing/{post.pk}/review/")
    expect(page.locator("#refusal")).to_have_text("You wrote this post, so someone else must proof read it.")
    expect(page.get_by_role("button", name="Send your decision")).to_have_count(0)
    axe_check(page, context="review refused")

    # A crafted POST, with a CSRF token from the post's page: the service refuses it, nothing is recorded.
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    page.evaluate(
        """([url, version]) => {
            const form = document.createElement("form");
            form.method = "post"; form.action = url;
            const token = document.querySelector("input[name=csrfmiddlewaretoken]");
            for (const [name, value] of [["csrfmiddlewaretoken", token.value], ["version", version], ["decision", "approve"]]) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value; form.append(input);
            }
            document.body.append(form); form.submit();
        }""",
        [f"/publishing/{post.pk}/review/", str(post.current_version.number)],
    )
    expect(page.locator("#refusal")).to_have_text("You wrote this post, so someone else must proof read it.")
    assert not Review.objects.exists()
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED


def test_an_edit_after_approval_sends_it_back(
    page, live_server, author, reviewer, channel, sign_in_browser, axe_check
):
    channel.name = "Derby" + "Youth" * 20  # a long name without a space must not widen the page
    channel.save()
    give_training(reviewer, "approve")
    post = submitted(author, channel)
    services.reschedule(post, by=author, publish_at=timezone.now() + datetime.timedelta(days=2))
    services.review(post, by=reviewer, version_number=1, approve=True)
    post.refresh_from_db()
    assert post.state == PostState.SCHEDULED
    # The author changes the words on the authoring page, from the post's page.
    sign_in_browser(page, author.user)
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    expect(page.locator("#goes-out")).to_contain_text(
        timezone.localtime(post.publish_at).strftime("%-d %B %Y")
    )
    page.get_by_role("link", name="Change the post").click()
    page.get_by_label("What the post says").fill(
        "Summer camp sign-ups open on Monday 2 June: https://derby.example/camp/"
        + "sign-up" * 12
        + " What would you like to do there?"
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and post.revision > 1

    page.context.clear_cookies()
    sign_in_browser(page, reviewer.user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/publishing/{post.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.locator("#needs-approval-again")).to_contain_text("needs approval again")
    expect(page.locator(".harbour-history__entry").first).to_contain_text("changed after it was approved")
    expect(page.locator("#post-text")).to_contain_text("Monday 2 June")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than a phone
    axe_check(page, context="changed after approval, on a phone")
    assert Publication.objects.get(post=post).state == PublicationState.CANCELLED
