"""The builder's pages under /consultations/: an author starts a survey, fills in its details, writes
questions whose warnings show as typed (the htmx partial, and the "Check wording" button without
JavaScript, neither saving anything), is refused publishing with the blocking warnings listed, puts them
right and publishes; the list counts answers; moderators read but cannot build; what was typed comes back
on an error; the share link, code and QR code appear once published; closing asks first."""

from datetime import date

import pytest
from django.urls import reverse

from harbour.consultation.models import Consultation, Question, Response, State
from tests.cast import consultation_channel, make_consultation

pytestmark = pytest.mark.django_db


def test_an_author_builds_and_publishes_a_survey(org, author, client_for):
    channel = consultation_channel(org)
    client = client_for(author)
    page = client.get(reverse("consultation:new"))
    assert page.status_code == 200 and "Youth Voice consultations" in page.text
    refused = client.post(reverse("consultation:new"), {"kind": "survey", "title": "", "channel": channel.pk})
    assert refused.status_code == 400 and "Enter a title" in refused.text
    made = client.post(
        reverse("consultation:new"), {"kind": "survey", "title": "Make the park yours", "channel": channel.pk}
    )
    survey = Consultation.objects.get()
    assert made.url == reverse("consultation:details", args=[survey.pk])

    details = {
        "title": "Make the park yours",
        "introduction": "Tell us what you think of the park. It takes two minutes.",
        "purpose": "",
        "lawful_basis": "public_task",
        "lawful_basis_note": "Part of the council's youth work duty.",
        "answers_kept_until-day": "1",
        "answers_kept_until-month": "9",
        "answers_kept_until-year": "2099",
        "closes_on-day": "31",
        "closes_on-month": "2",
        "closes_on-year": "2099",
    }
    bad_date = client.post(reverse("consultation:details", args=[survey.pk]), details)
    assert bad_date.status_code == 400 and "The date must be a real date" in bad_date.text
    assert "Part of the council" in bad_date.text  # what was typed comes back
    details["closes_on-day"] = "28"
    saved = client.post(reverse("consultation:details", args=[survey.pk]), details)
    assert saved.status_code == 302
    survey.refresh_from_db()
    assert survey.answers_kept_until == date(2099, 9, 1)
    assert survey.closes_at.date() == date(2099, 3, 1)  # the end of 28 February

    question = {"kind": "free_text", "text": "Don't you agree the new park is amazing?", "choices": ""}
    # As typed, through htmx: the partial only, nothing saved.
    checked = client.post(reverse("consultation:check", args=[survey.pk]), question, HTTP_HX_REQUEST="true")
    assert checked.status_code == 200
    assert 'data-rule="leading"' in checked.text and 'data-rule="loaded_word"' in checked.text
    assert "<html" not in checked.text and "warnings-status" in checked.text
    # Without JavaScript: the whole page, with the warnings, nothing saved.
    button = client.post(reverse("consultation:add_question", args=[survey.pk]), {**question, "check": "1"})
    assert button.status_code == 200 and 'data-rule="leading"' in button.text
    assert "Don&#x27;t you agree the new park is amazing?" in button.text
    assert not Question.objects.exists()
    client.post(reverse("consultation:add_question", args=[survey.pk]), question)
    client.post(
        reverse("consultation:add_question", args=[survey.pk]),
        {
            "kind": "single",
            "text": "How often do you go to the park?",
            "choices": "Every week\nSometimes\nNever\nNot sure",
        },
    )
    assert survey.questions.count() == 2

    refused = client.post(reverse("consultation:publish", args=[survey.pk]))
    assert refused.status_code == 400
    assert "cannot be published yet" in refused.text
    assert "Say what the answers are for" in refused.text and "Question 1:" in refused.text
    survey.refresh_from_db()
    assert survey.state == State.DRAFT

    leading = survey.questions.get(position=1)
    fixed = client.post(
        reverse("consultation:question", args=[survey.pk, leading.pk]),
        {"kind": "free_text", "text": "What do you think of the new park?", "choices": ""},
    )
    assert fixed.status_code == 302
    client.post(
        reverse("consultation:details", args=[survey.pk]), {**details, "purpose": "To plan the park."}
    )
    published = client.post(reverse("consultation:publish", args=[survey.pk]), follow=True)
    survey.refresh_from_db()
    assert survey.state == State.OPEN
    assert f"the code {survey.code}" in published.text
    assert f"/c/{survey.code}/" in published.text
    qr = client.get(reverse("consultation:qr", args=[survey.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    # Once open, the questions are fixed.
    again = client.get(reverse("consultation:add_question", args=[survey.pk]), follow=True)
    assert "cannot change once the consultation is published" in again.text

    # Closing asks first, then closes for good.
    ask = client.get(reverse("consultation:close", args=[survey.pk]))
    assert "cannot be opened again" in ask.text
    client.post(reverse("consultation:close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.state == State.CLOSED


def test_the_list_groups_and_counts(org, manager, client_for):
    survey = make_consultation(org, by=manager, title="Parks survey", publish=True)
    for n in range(3):
        Response.objects.create(organisation=org, consultation=survey, token_hash=f"h{n}")
    make_consultation(org, by=manager, kind="poll", title="Club night poll", channel=survey.channel)
    page = client_for(manager).get(reverse("consultation:index"))
    text = page.text
    assert (
        text.index("Open") < text.index("Parks survey") < text.index("Drafts") < text.index("Club night poll")
    )
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in text


def test_moderators_read_but_do_not_build(org, manager, moderator, author, client_for):
    survey = make_consultation(org, by=manager)
    client = client_for(moderator)
    page = client.get(reverse("consultation:consultation", args=[survey.pk]))
    assert page.status_code == 200
    assert "Publish" not in page.text and "Add a question" not in page.text
    assert f"/inbox/?channel={survey.channel_id}" in page.text  # where held answers are moderated
    author_page = client_for(author).get(reverse("consultation:consultation", args=[survey.pk]))
    assert "Publish" in author_page.text and "/inbox/" not in author_page.text
    assert client.get(reverse("consultation:new")).status_code == 403
    assert client.post(reverse("consultation:publish", args=[survey.pk])).status_code == 403
    survey.refresh_from_db()
    assert survey.state == State.DRAFT


def test_no_consultation_channel_says_where_to_make_one(org, manager, client_for):
    page = client_for(manager).get(reverse("consultation:index"))
    assert "Start a consultation" not in page.text
    assert "needs an active channel" in page.text


def test_moving_and_removing_questions(org, manager, client_for):
    survey = make_consultation(org, by=manager)
    client = client_for(manager)
    first, second, third = survey.questions.all()
    client.post(reverse("consultation:move_question", args=[survey.pk, third.pk]), {"direction": "up"})
    assert list(survey.questions.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    ask = client.get(reverse("consultation:remove_question", args=[survey.pk, first.pk]))
    assert "Remove question 1?" in ask.text
    client.post(reverse("consultation:remove_question", args=[survey.pk, first.pk]))
    assert list(survey.questions.values_list("pk", "position")) == [(third.pk, 1), (second.pk, 2)]
