"""The authoring pages: the list of posts, writing and changing a post, the check panel (htmx and without
JavaScript), the previews, images and submitting for proof reading."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from harbour.audit.models import AuditEvent
from harbour.channels.models import Status
from harbour.consent import media
from harbour.consent import services as consent_services
from harbour.publishing import services
from harbour.publishing.models import Post, PostImage, PostState
from tests.cast import active_channel, give_training, make_member
from tests.publishing.library import attach, library_image

pytestmark = pytest.mark.django_db

TEXT = "Summer camp sign-ups open on Monday. What would you like to do there?"


@pytest.fixture
def channel(org):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    made.name = "Derby on Demo"
    made.handle = "@derby.demo"
    made.save()
    return made


@pytest.fixture
def second(org):
    made = active_channel(org, "demo", started_at=timezone.now().isoformat())
    made.name = "Derby Second"
    made.save()
    return made


def write(author, channel, title="Summer camp", text=TEXT):
    return services.create_post(by=author, title=title, text=text, channel_ids=[channel.pk])


def png(name="camp.png", size=(12, 8)) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, "teal").save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def add_image(post, by, **changes):
    return attach(post, by, **({"alt_text": "Tents in a field by a lake"} | changes))


def form_data(channel, **changes):
    return {
        "revision": "",
        "title": "Summer camp",
        "text": TEXT,
        "channels": [str(channel.pk)],
        "when": "soon",
        "publish_on-day": "",
        "publish_on-month": "",
        "publish_on-year": "",
        "publish_time": "",
    } | changes


# The list


def test_the_list_shows_drafts_mine_first_and_only_this_organisation(
    client_for, author, manager, channel, outsider
):
    write(author, channel, title="Ava's draft")
    write(manager, channel, title="Maya's draft")  # written later, so newer
    other = active_channel(outsider.organisation, "demo")
    write(outsider, other, title="Elsewhere's secret")
    page = client_for(author).get(reverse("publishing:posts")).content.decode()
    assert page.index("Ava&#x27;s draft") < page.index("Maya&#x27;s draft")
    assert "Elsewhere" not in page
    page = client_for(manager).get(reverse("publishing:posts")).content.decode()
    assert page.index("Maya&#x27;s draft") < page.index("Ava&#x27;s draft")
    assert "Drafts (2)" in page


def test_a_trained_proof_reader_sees_what_is_for_them(client_for, author, reviewer, channel):
    give_training(reviewer, "approve")
    post = write(author, channel, title="Camp news")
    services.submit(post, by=author, revision=post.revision)
    page = client_for(reviewer).get(reverse("publishing:posts")).content.decode()
    assert "For you to proof read (1)" in page
    assert "Camp news" in page and 'govuk-tag--blue">For you to proof read' in page
    # The author never sees it as theirs to proof read, nor the tab.
    page = client_for(author).get(reverse("publishing:posts") + "?show=for_you").content.decode()
    assert "For you to proof read" not in page
    page = client_for(author).get(reverse("publishing:posts") + "?show=waiting").content.decode()
    assert "Camp news" in page and "Waiting for proof reading (1)" in page


def test_the_list_is_paginated(client_for, author, channel):
    for number in range(23):
        write(author, channel, title=f"Post number {number}")
    client = client_for(author)
    first = client.get(reverse("publishing:posts")).content.decode()
    assert "Page 1 of 2" in first and first.count("Post number") == 20
    second_page = client.get(reverse("publishing:posts") + "?show=drafts&page=2").content.decode()
    assert second_page.count("Post number") == 3


@pytest.mark.parametrize("role", ["moderator", "viewer", "safeguarding_lead"])
def test_members_without_publishing_cannot_open_it(client_for, members, role):
    assert client_for(members[role]).get(reverse("publishing:posts")).status_code == 403


def test_a_proof_reader_reads_the_list_but_cannot_write(client_for, author, reviewer, channel):
    draft = write(author, channel)
    client = client_for(reviewer)
    page = client.get(reverse("publishing:posts")).content.decode()
    assert f'href="{reverse("publishing:post", args=[draft.pk])}"' in page  # not the editor they cannot open
    assert "Write a post" not in page
    assert client.get(reverse("publishing:new")).status_code == 403
    response = client.post(reverse("publishing:new"), form_data(channel))
    assert response.status_code == 403 and Post.objects.count() == 1
    assert client.post(reverse("publishing:checks"), form_data(channel)).status_code == 403


# Writing


def test_the_new_page_offers_only_publishable_channels(client_for, author, channel, org, outsider):
    retired = active_channel(org, "demo")
    retired.name, retired.status = "Derby retired", Status.RETIRED
    retired.save()
    no_publishing = active_channel(org, "file_import")
    no_publishing.name = "Derby imports"
    no_publishing.save()
    active_channel(outsider.organisation, "demo")
    page = client_for(author).get(reverse("publishing:new")).content.decode()
    assert "Derby on Demo" in page
    assert "Derby retired" not in page and "Derby imports" not in page and "Elsewhere" not in page
    assert 'hx-post="/publishing/checks/"' in page and "Check again" in page


def test_an_author_writes_a_draft_with_a_version_for_one_channel_and_a_time(
    client_for, author, channel, second
):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    data = form_data(
        channel,
        channels=[str(channel.pk), str(second.pk)],
        **{f"text_{second.pk}": "Camp sign-ups open Monday! #camp"},
        when="at",
        **{"publish_on-day": str(tomorrow.day), "publish_on-month": str(tomorrow.month)},
        **{"publish_on-year": str(tomorrow.year), "publish_time": "6:30pm"},
    )
    response = client_for(author).post(reverse("publishing:new"), data)
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == reverse("publishing:edit", args=[post.pk])
    assert post.author == author and post.state == PostState.DRAFT and post.title == "Summer camp"
    assert post.text_for(channel.pk) == TEXT
    assert post.text_for(second.pk) == "Camp sign-ups open Monday! #camp"
    local = timezone.localtime(post.publish_at)
    assert (local.date(), local.hour, local.minute) == (tomorrow, 18, 30)
    assert AuditEvent.objects.filter(action="publishing.post_created").count() == 1
    # The edit page shows it again as it was saved.
    page = client_for(author).get(response.url).content.decode()
    assert "Camp sign-ups open Monday! #camp" in page and 'value="18:30"' in page


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"title": ""}, "Enter a title"),
        ({"text": "  "}, "Enter the post&#x27;s text"),
        ({"channels": []}, "Choose at least one channel"),
        ({"when": "at"}, "Enter the date it goes out"),
        (
            {
                "when": "at",
                "publish_on-day": "1",
                "publish_on-month": "1",
                "publish_on-year": "2020",
                "publish_time": "10:00",
            },
            "The date and time must be in the future",
        ),
        (
            {
                "when": "at",
                "publish_on-day": "1",
                "publish_on-month": "1",
                "publish_on-year": "2099",
                "publish_time": "25:00",
            },
            "Enter a real time",
        ),
    ],
)
def test_a_refused_draft_keeps_what_was_typed(client_for, author, channel, changes, error):
    data = form_data(channel, **({"text": "Words I do not want to lose"} | changes))
    if "text" in changes:
        data["title"] = "Title I keep"
    response = client_for(author).post(reverse("publishing:new"), data)
    page = response.content.decode()
    assert response.status_code == 400 and error in page and "There is a problem" in page
    assert ("Words I do not want to lose" in page) or ("Title I keep" in page)
    assert not Post.objects.exists()


def test_another_organisations_channel_is_refused(client_for, author, channel, outsider):
    other = active_channel(outsider.organisation, "demo")
    response = client_for(author).post(
        reverse("publishing:new"), form_data(channel, channels=[str(other.pk)])
    )
    assert response.status_code == 400 and not Post.objects.exists()


def test_a_change_made_meanwhile_is_not_overwritten(client_for, author, manager, channel):
    post = write(author, channel)
    seen = post.revision
    services.change_post(
        post, by=manager, revision=seen, title="Summer camp", text="Manager's words", channel_ids=[channel.pk]
    )
    client = client_for(author)
    data = form_data(channel, revision=str(seen), text="Author's words")
    response = client.post(reverse("publishing:edit", args=[post.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "Someone changed this post" in page
    assert "Author&#x27;s words" in page  # nothing lost
    post.refresh_from_db()
    assert post.text == "Manager's words"
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    assert int(revision) == post.revision  # saving again is a choice made knowing
    assert (
        client.post(reverse("publishing:edit", args=[post.pk]), data | {"revision": revision}).status_code
        == 302
    )
    post.refresh_from_db()
    assert post.text == "Author's words"


def test_changing_an_approved_post_warns_and_sends_it_back(client_for, author, reviewer, channel):
    give_training(reviewer, "approve")
    post = write(author, channel)
    services.submit(post, by=author, revision=post.revision)
    services.review(post, by=reviewer, version_number=1, approve=True)
    client = client_for(author)
    page = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    assert "needs approving again" in page
    post.refresh_from_db()
    data = form_data(channel, revision=str(post.revision), text=TEXT + " Bring a friend!")
    assert client.post(reverse("publishing:edit", args=[post.pk]), data).status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_a_post_that_has_gone_out_cannot_be_edited(client_for, author, channel):
    post = write(author, channel)
    Post.objects.filter(pk=post.pk).update(state=PostState.PUBLISHED)
    client = client_for(author)
    response = client.get(reverse("publishing:edit", args=[post.pk]))
    assert response.status_code == 302
    response = client.post(reverse("publishing:edit", args=[post.pk]), form_data(channel, revision="1"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == TEXT


def test_another_organisations_post_is_not_found(client_for, author, outsider):
    other = active_channel(outsider.organisation, "demo")
    post = write(outsider, other)
    client = client_for(author)
    assert client.get(reverse("publishing:edit", args=[post.pk])).status_code == 404
    assert client.post(reverse("publishing:submit", args=[post.pk]), form_data(other)).status_code == 404
    response = client.post(reverse("publishing:checks"), form_data(other, post=str(post.pk)))
    assert response.status_code == 404


# The check panel


def test_the_panel_checks_the_form_as_typed_without_saving(client_for, author, channel):
    client = client_for(author)
    response = client.post(
        reverse("publishing:checks"), form_data(channel, text="x" * 600), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and '<div id="check-panel"' in page
    # The status line goes into the live region that stays on the page, so screen readers hear it.
    assert '<div hx-swap-oob="innerHTML:#check-status">1 thing to fix before submitting' in page
    assert "Must fix before submitting" in page and 'data-check="platform_limits"' in page
    assert "1 thing to fix before submitting" in page
    assert "How it will look" in page and "Derby on Demo" in page
    assert not Post.objects.exists()
    short = client.post(
        reverse("publishing:checks"), form_data(channel), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Must fix before submitting" not in short and "Nothing stops it being submitted" in short


def test_the_panel_ignores_another_organisations_channels(client_for, author, channel, outsider):
    other = active_channel(outsider.organisation, "demo")
    other.name = "Elsewhere channel"
    other.save()
    page = (
        client_for(author)
        .post(reverse("publishing:checks"), form_data(channel, channels=[str(channel.pk), str(other.pk)]))
        .content.decode()
    )
    assert "Derby on Demo" in page and "Elsewhere" not in page


def test_the_panel_reads_the_posts_stored_images(client_for, author, channel):
    post = write(author, channel)
    add_image(post, author, shows="young_people")
    page = (
        client_for(author)
        .post(reverse("publishing:checks"), form_data(channel, post=str(post.pk)))
        .content.decode()
    )
    assert 'data-check="consent" data-status="blocks"' in page
    assert 'Alt text: <span dir="auto">Tents in a field by a lake</span>' in page


def test_the_preview_shows_links_and_counts_as_the_platform_does(client_for, author, channel):
    text = "Sign up at https://example.org/camp?x=1 #camp"
    page = (
        client_for(author).post(reverse("publishing:checks"), form_data(channel, text=text)).content.decode()
    )
    assert '<span class="harbour-preview__link">https://example.org/camp?x=1</span>' in page
    assert '<span class="harbour-preview__link">#camp</span>' in page
    assert re.search(r"45 of 500 characters", page)


def test_the_panel_escapes_what_was_typed(client_for, author, channel):
    page = (
        client_for(author)
        .post(reverse("publishing:checks"), form_data(channel, text="<script>alert(1)</script> hello"))
        .content.decode()
    )
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_panel_without_htmx_is_the_whole_page(client_for, author, channel):
    page = (
        client_for(author).post(reverse("publishing:checks"), form_data(channel, title="")).content.decode()
    )
    assert "<html" in page and 'id="check-panel"' in page and "There is a problem" not in page
    assert not Post.objects.exists()


def test_check_again_without_javascript_saves_nothing(client_for, author, channel):
    post = write(author, channel)
    data = form_data(channel, revision=str(post.revision), text="y" * 600, title="", check="1")
    response = client_for(author).post(reverse("publishing:edit", args=[post.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Must fix before submitting" in page
    assert "There is a problem" not in page  # an unfinished form is checked, not refused
    post.refresh_from_db()
    assert post.text == TEXT and post.title == "Summer camp"


# Submitting


def test_submission_is_blocked_by_an_image_of_young_people_until_they_are_tagged_with_consent(
    client_for, author, channel
):
    post = write(author, channel)
    image = add_image(post, author, shows="young_people")
    post.refresh_from_db()
    client = client_for(author)
    response = client.post(
        reverse("publishing:submit", args=[post.pk]), form_data(channel, revision=str(post.revision))
    )
    page = response.content.decode()
    assert response.status_code == 400 and "This post cannot be submitted yet" in page
    assert 'href="#check-consent"' in page and "nobody has tagged who they are" in page
    post.refresh_from_db()
    assert post.state == PostState.DRAFT and not post.versions.exists()

    child = consented_child(post.organisation, author)
    media.tag_person(image.asset, child, by=author)
    post.refresh_from_db()
    response = client.post(
        reverse("publishing:submit", args=[post.pk]), form_data(channel, revision=str(post.revision))
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED and post.current_version.number == 1


def consented_child(org, by, first="Kai"):
    """A young person with their own and a parent's consent to photographs and their first name."""
    child = consent_services.add_person(
        org, by=by, kind="young_person", first_name=first, last_name="Morgan", age_band="13_15"
    )
    carer = consent_services.add_person(org, by=by, kind="parent", first_name="Dana", last_name="Morgan")
    consent_services.link_guardian(child, carer, by=by)
    for giver in (child, carer):
        consent_services.record_consent(
            child,
            by=by,
            given_by=giver,
            decisions={"photo": "given", "first_name": "given"},
            starts=timezone.localdate(),
            evidence_kind="signature",
            signed_name=giver.full_name,
        )
    return child


def test_submit_saves_the_forms_changes_first(client_for, author, channel):
    post = write(author, channel)
    data = form_data(channel, revision=str(post.revision), text="Camp is on! What should we cook?")
    assert client_for(author).post(reverse("publishing:submit", args=[post.pk]), data).status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.SUBMITTED
    assert post.current_version.content["text"] == "Camp is on! What should we cook?"


def test_submit_is_post_only_and_refused_to_proof_readers(client_for, author, reviewer, channel):
    post = write(author, channel)
    assert client_for(author).get(reverse("publishing:submit", args=[post.pk])).status_code == 405
    data = form_data(channel, revision=str(post.revision))
    assert client_for(reviewer).post(reverse("publishing:submit", args=[post.pk]), data).status_code == 403
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


# Images


def test_an_image_is_chosen_from_the_library_served_and_removed(client_for, author, channel):
    post = write(author, channel)
    asset = library_image(post.organisation, author, alt_text="Tents in a field", shows="adults")
    client = client_for(author)
    picker = client.get(reverse("publishing:image_add", args=[post.pk])).content.decode()
    assert "Tents in a field" in picker and f'name="asset" value="{asset.pk}"' in picker
    data = {"asset": str(asset.pk), "revision": str(post.revision)}
    response = client.post(reverse("publishing:image_add", args=[post.pk]), data)
    assert response.status_code == 302
    image = PostImage.objects.get()
    assert image.asset == asset and image.position == 0
    page = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    src = reverse("publishing:image", args=[image.pk])
    assert f'src="{src}" alt="\u2068Tents in a field\u2069"' in page
    assert (
        f'name="asset" value="{asset.pk}"'
        not in client.get(reverse("publishing:image_add", args=[post.pk])).content.decode()
    )  # already in the post: not offered again

    served = client.get(reverse("publishing:image", args=[image.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert (
        served["Content-Disposition"].startswith("inline") and served["X-Content-Type-Options"] == "nosniff"
    )
    assert "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")

    post.refresh_from_db()
    response = client.post(
        reverse("publishing:image_remove", args=[image.pk]), {"revision": str(post.revision)}
    )
    assert response.status_code == 302 and not PostImage.objects.exists()
    asset.refresh_from_db()
    assert asset.archived_at is None  # it stays in the library


def test_a_refused_image_says_why(client_for, author, channel, outsider):
    post = write(author, channel)
    client = client_for(author)
    archived = library_image(post.organisation, author)
    media.archive_asset(archived, by=author)
    data = {"asset": str(archived.pk), "revision": str(post.revision)}
    page = client.post(reverse("publishing:image_add", args=[post.pk]), data, follow=True).content.decode()
    assert "That image is archived" in page and not PostImage.objects.exists()
    elsewhere = library_image(outsider.organisation, outsider)
    data = {"asset": str(elsewhere.pk), "revision": str(post.revision)}
    assert client.post(reverse("publishing:image_add", args=[post.pk]), data).status_code == 404
    stale = {"asset": str(library_image(post.organisation, author).pk), "revision": "99"}
    page = client.post(reverse("publishing:image_add", args=[post.pk]), stale, follow=True).content.decode()
    assert "Someone changed this post" in page and not PostImage.objects.exists()


def test_people_the_words_name_are_tagged_and_a_never_publish_child_blocks(client_for, author, dsl, channel):
    post = write(author, channel, text="Well done Kai on the climbing wall! What should we try next?")
    child = consented_child(post.organisation, author)
    client = client_for(author)
    found = client.get(reverse("publishing:people", args=[post.pk]), {"q": "kai"}).content.decode()
    assert "Kai Morgan" in found and "Do not publish" not in found
    data = {"person": str(child.pk), "use": "first_name", "revision": str(post.revision)}
    assert client.post(reverse("publishing:people", args=[post.pk]), data).status_code == 302
    post.refresh_from_db()
    assert [(p.person_id, p.use) for p in post.people.all()] == [(child.pk, "first_name")]
    assert post.revision == 2  # a change to what would be published
    consent_services.set_never_publish(child, by=dsl, reason="court_order", note="Order of 3 March")
    edit = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    assert "Do not publish" in edit and "Order of 3 March" not in edit
    response = client.post(
        reverse("publishing:submit", args=[post.pk]), form_data(channel, revision=str(post.revision),
        text=post.text)
    )  # fmt: skip
    assert response.status_code == 400 and "Do not publish" in response.content.decode()
    tag = post.people.get()
    client.post(reverse("publishing:person_remove", args=[tag.pk]), {"revision": str(post.revision)})
    assert not post.people.exists()
    bad = {"person": str(child.pk), "use": "nickname", "revision": str(post.revision + 1)}
    page = client.post(reverse("publishing:people", args=[post.pk]), bad, follow=True).content.decode()
    assert "first name, their full name or a quote" in page


def test_images_are_only_for_the_organisation(client_for, author, viewer, outsider):
    other = active_channel(outsider.organisation, "demo")
    post = write(outsider, other)
    image = add_image(post, outsider)
    client = client_for(author)
    assert client.get(reverse("publishing:image", args=[image.pk])).status_code == 404
    assert (
        client.post(reverse("publishing:image_remove", args=[image.pk]), {"revision": "9"}).status_code == 404
    )
    assert client_for(viewer).get(reverse("publishing:image", args=[image.pk])).status_code == 403
    assert PostImage.objects.filter(pk=image.pk).exists()


def test_a_proof_reader_sees_images_but_cannot_change_them(client_for, author, reviewer, channel):
    post = write(author, channel)
    image = add_image(post, author)
    client = client_for(reviewer)
    assert client.get(reverse("publishing:image", args=[image.pk])).status_code == 200
    assert (
        client.post(reverse("publishing:image_remove", args=[image.pk]), {"revision": "2"}).status_code == 403
    )
    assert PostImage.objects.filter(pk=image.pk).exists()


def test_the_navigation_offers_publishing_to_those_who_may_see_it(client_for, author, moderator):
    assert 'href="/publishing/"' in client_for(author).get("/").content.decode()
    assert 'href="/publishing/"' not in client_for(moderator).get("/").content.decode()


def test_a_manager_writes_too(client_for, org, channel):
    boss = make_member(org, "manager", "boss@example.org", "Boss")
    response = client_for(boss).post(reverse("publishing:new"), form_data(channel))
    assert response.status_code == 302 and Post.objects.get().author == boss


def test_scheduled_posts_are_listed_by_their_time(client_for, author, reviewer, channel):
    give_training(reviewer, "approve")
    later = timezone.now() + timezone.timedelta(days=3)
    sooner = timezone.now() + timezone.timedelta(days=1)
    for title, when in (("Later post", later), ("Sooner post", sooner)):
        post = services.create_post(
            by=author, title=title, text=TEXT, channel_ids=[channel.pk], publish_at=when
        )
        services.submit(post, by=author, revision=post.revision)
        services.review(post, by=reviewer, version_number=1, approve=True)
    page = client_for(author).get(reverse("publishing:posts") + "?show=scheduled").content.decode()
    assert "Scheduled (2)" in page and page.index("Sooner post") < page.index("Later post")
    assert "Goes out" in page


@pytest.mark.parametrize(
    "state, show, label",
    [("published", "published", "Published (1)"), ("failed", "failed", "Not published (1)")],
)
def test_posts_that_went_out_or_failed_have_their_sections(client_for, author, channel, state, show, label):
    post = write(author, channel, title="Gone post")
    Post.objects.filter(pk=post.pk).update(state=state, published_at=timezone.now())
    page = client_for(author).get(reverse("publishing:posts") + f"?show={show}").content.decode()
    assert label in page and "Gone post" in page
    assert f'href="{reverse("publishing:post", args=[post.pk])}"' in page  # its own page, not the editor


def test_submission_is_blocked_by_an_image_without_a_licence(client_for, author, channel):
    post = write(author, channel)
    add_image(post, author, source="unknown")
    post.refresh_from_db()
    data = form_data(channel, revision=str(post.revision))
    response = client_for(author).post(reverse("publishing:submit", args=[post.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and 'href="#check-media_licence"' in page
    assert "cannot be posted without a recorded licence or permission" in page
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_the_editor_says_when_a_channel_can_no_longer_take_the_post(client_for, author, channel, second):
    post = services.create_post(by=author, title="Camp", text=TEXT, channel_ids=[channel.pk, second.pk])
    second.status = Status.RETIRED
    second.save()
    page = client_for(author).get(reverse("publishing:edit", args=[post.pk])).content.decode()
    assert "<bdi>Derby Second</bdi> no longer takes posts from Harbour" in page
    assert (
        'aria-label="Preview on \u2068Derby Second\u2069"' in page
    )  # the stored post is still checked as it is
