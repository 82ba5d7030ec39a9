"""Demo consultations for `harbour seed_demo`: a "Youth Voice consultations" channel on the consultation
platform (made active through the channel services), a running poll and a running survey with a few dozen
answers, a running survey of agree/disagree statements with 40 people's votes (so the results show opinion
groups), a discussion board with posts (one held for a moderator), and a closed survey with its "you said,
we did". Safe to run again: each consultation is looked up by its title, answers are given under fixed
demo tokens (a second run is AlreadyAnswered), and a board's posts are added only to an empty board.

Everything goes through the services with the demo's people as the actors: the author builds and
publishes, the manager approves the channel; answers and posts go through answering.submit_response and
boards.post_to_board as a young person's would, so they are screened like any other.
"""

import datetime

from django.utils import timezone

from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.channels import disclaimer, privacy, readiness_demo
from harbour.channels import services as channels
from harbour.channels.models import Channel, Outcome, Status
from harbour.channels.platforms import Platform
from harbour.consultation import services
from harbour.consultation.models import BoardPolicy, Consultation, Kind, State

CHANNEL = {
    "platform": Platform.CONSULTATION,
    "name": "Youth Voice consultations",
    "handle": "consultations",
    "aims": "Ask young people in Derby what they think, in polls, surveys and a discussion board, and tell "
    "them what we did with it.",
    "suitability": "Harbour's own pages: no account, no tracking, and every post is screened and moderated.",
    "in_organisation_name": True,
    "audience_min_age": 11,
    "audience_max_age": 19,
    "platform_minimum_age": 11,
    "response_hours": 48,
    "moderation_hours": "every day from 9am to 8pm",
    "checks_per_day": 3,
    "contact_email": "youth-voice@derby-youth-voice.example",
    "privacy_review_days": 90,
}

PRIVACY = {
    "purpose": "",
    "lawful_basis": "public_task",
    "lawful_basis_note": "Hearing young people's views is part of the council's duty to provide youth services "
    "(Education Act 1996, section 507B).",
    "asks_age_band": True,
}

POLL = {
    "title": "Which night should the youth club open next?",
    "introduction": "The youth club can open one more night from January. Pick the night that suits you best. "
    "It takes ten seconds.",
    "purpose": "To choose the extra night the youth club opens. We only count the votes.",
    "question": {"kind": "single", "text": "Which night would you come on?", "hint": "Choose one."},
    "choices": ["Tuesday", "Thursday", "Saturday afternoon", "I would not come", "Not sure"],
    # How many chose each, by position: 41 answers.
    "votes": [9, 14, 11, 3, 4],
}

SURVEY = {
    "title": "Parks and green spaces",
    "introduction": "We want to know how you use Derby's parks and what would make them better. It takes "
    "about three minutes. You can skip any question.",
    "purpose": "The council's parks team will use what you say to plan next year's changes. They see the "
    "totals and the written answers, never who wrote them.",
    "questions": [
        {
            "kind": "single",
            "text": "How often do you go to a park?",
            "choices": ["Most days", "Every week", "Now and then", "Hardly ever", "Not sure"],
        },
        {
            "kind": "scale",
            "text": "How safe do you feel in the park after dark?",
            "scale_points": 5,
            "scale_low": "Very unsafe",
            "scale_high": "Very safe",
        },
        {
            "kind": "multiple",
            "text": "Which of these would you use?",
            "hint": "Choose all that apply.",
            "choices": [
                "Better lights",
                "Toilets",
                "Somewhere dry to sit",
                "A sports court",
                "Something else",
            ],
        },
        {
            "kind": "free_text",
            "text": "What one thing would make the park better for you?",
        },
    ],
}

# Written answers: the kind of thing young people say, in their own words.
SAY = [
    "More lights on the path by the lake, it's really dark after 5 in winter",
    "toilets that are actually open",
    "a shelter for when it rains so we can still hang out",
    "Lights. I walk home through it and it's scary",
    "a basketball court with nets that aren't broken",
    "bins, there's rubbish everywhere near the skate park",
    "somewhere to sit that isn't wet",
    "more lights near the gates",
    "a proper football pitch",
    "free wifi",
    "toilets!!",
    "cctv near the skate park",
    "a covered area with benches",
    "fix the lights by the playground",
    "more bins and someone to empty them",
    "water fountain",
    "",
    "a place for older kids not just little kids",
    "lights",
    "",
]

CLOSED = {
    "title": "Youth club opening hours",
    "introduction": "Tell us when you would like the youth club to be open. Two quick questions.",
    "purpose": "To set the youth club's opening hours for the spring term.",
    "questions": [
        {
            "kind": "single",
            "text": "When would you most like the club to open?",
            "choices": ["Straight after school", "Early evening", "Late evening", "Not sure"],
        },
        {"kind": "free_text", "text": "What would you like to do at the club?"},
    ],
    "feedback": "You said: 23 of you answered, and most wanted the club open straight after school, with "
    "somewhere quiet to do homework.\n\nWe did: from January the club opens at 3:30pm on weekdays, and the "
    "small room is a quiet room until 5pm.",
}

STATEMENTS = {
    "title": "Rules for the youth club",
    "introduction": "We are writing the youth club's rules with you. Say if you agree or disagree with each "
    "idea, or pass if you are not sure. Then see where people agree.",
    "purpose": "To write the youth club's rules with young people. We count the votes and read the ideas.",
    "questions": [
        {"kind": "statement", "text": "Phones should be allowed at the youth club."},
        {"kind": "statement", "text": "The club should stay open until 10pm on Fridays."},
        {"kind": "statement", "text": "Young people should help plan the trips."},
        {"kind": "statement", "text": "There should be a quiet room for homework."},
        {"kind": "statement", "text": "The club should cost \u00a31 a night so it can do more trips."},
        {"kind": "statement", "text": "Youth workers should check bags at the door."},
        {"kind": "free_text", "text": "What other rule should the club have?"},
    ],
    # Three camps of votes (agree 1, disagree -1, pass 0) per statement, and how many hold each: 40 people,
    # varied a little person by person (_statement_answers), so the opinion groups are not all alike inside.
    "camps": [((1, 1, 1, -1, -1, -1), 18), ((-1, -1, 1, 1, 1, 1), 14), ((0, -1, 1, 1, -1, 0), 8)],
    "ideas": ["no bullying", "clean up after yourself", "", "", "be nice to new people", "", "no vaping"],
}

BOARD = {
    "title": "Ideas for the summer programme",
    "introduction": "What should we do this summer? Share an idea and read other people's. Posts are read by "
    "our youth workers. Please don't share your name, school, address or photos.",
    "purpose": "To plan the summer programme with young people. Youth workers read every idea.",
    "posts": [
        ("A trip to the climbing wall!", "13_to_15"),
        ("Cooking sessions where we learn to make proper meals", "16_to_17"),
        ("Football tournament between the youth clubs", "13_to_15"),
        ("Film nights in the park with a big screen", ""),
        ("A music workshop, learning to make beats", "16_to_17"),
        (
            "Add me on insta @summer.ideas.derby and I'll send you my list",
            "13_to_15",
        ),  # held: contact details
        ("Art in the underpass, we could paint it", "up_to_12"),
    ],
}


def _tokens(prefix: str, n: int) -> list[str]:
    return [f"demo-{prefix}-{i:03d}" for i in range(n)]


def _channel(organisation, manager, moderator, author) -> Channel | None:
    channel = Channel.objects.filter(
        organisation=organisation, platform=Platform.CONSULTATION, name=CHANNEL["name"]
    ).first()
    if channel is None:
        channel = channels.propose_channel(
            organisation,
            {**CHANNEL, "display_name": organisation.name, "config": {}},
            owners=[author, manager],
            moderators=[moderator, manager],
            by=author,
        )
    if channel.status == Status.PROPOSED:
        channels.approve_channel(channel, by=manager)
    if channel.status == Status.APPROVED:
        if channel.last_completed_review() is None:
            review = channels.start_privacy_review(channel, by=manager)
            answers = {item.key: (Outcome.CONFIRMED, "") for item in privacy.checklist(channel.platform)}
            channels.record_privacy_checks(review, answers, by=manager)
        if channel.current_disclaimer_id is None:
            channels.publish_disclaimer(channel, disclaimer.generate(channel), by=manager)
        readiness_demo.complete(channel, by=manager)
        channel = channels.activate_channel(channel, by=manager)
    return channel if channel.status == Status.ACTIVE else None


def _build(organisation, channel, author, *, kind, title, introduction, purpose, questions, **extra):
    """The consultation of that title, or a new one built and published by the author."""
    found = Consultation.objects.filter(organisation=organisation, title=title).first()
    if found is not None:
        return found
    consultation = services.create_consultation(
        organisation, kind=kind, title=title, channel=channel, by=author
    )
    details = {
        **PRIVACY,
        "introduction": introduction,
        "purpose": purpose,
        "answers_kept_until": timezone.localdate() + datetime.timedelta(days=365),
        **extra,
    }
    consultation = services.edit_details(consultation, details, by=author)
    for question in questions:
        question = dict(question)
        choices = question.pop("choices", [])
        services.add_question(consultation, question, choices, by=author)
    return services.publish(consultation, by=author)


BANDS = ["13_to_15", "13_to_15", "16_to_17", "13_to_15", "", "16_to_17", "18_to_25", "13_to_15", "up_to_12"]


def _answer(consultation, token: str, answers: dict, age_band: str) -> None:
    from harbour.consultation.answering import AlreadyAnswered, NotOpen, submit_response

    try:
        submit_response(consultation, token=token, age_band=age_band, answers=answers)
    except (AlreadyAnswered, NotOpen):
        pass


def _poll_answers(poll) -> None:
    question = poll.questions.get()
    choices = list(question.choices.all())
    picks = [choice for choice, n in zip(choices, POLL["votes"], strict=True) for _ in range(n)]
    for i, (token, choice) in enumerate(zip(_tokens(f"poll{poll.pk}", len(picks)), picks, strict=True)):
        _answer(poll, token, {question.pk: choice.pk}, BANDS[i % len(BANDS)])


def _survey_answers(survey) -> None:
    how_often, safe, use, words = survey.questions.all()
    often = list(how_often.choices.all())
    wanted = list(use.choices.all())
    for i, token in enumerate(_tokens(f"survey{survey.pk}", len(SAY) + 8)):
        answers = {
            how_often.pk: often[(i * 7) % 4].pk,
            safe.pk: [2, 1, 3, 2, 4, 2, 1, 3, 5, 2][i % 10],
            use.pk: [c.pk for n, c in enumerate(wanted) if (i + n) % 3 == 0 or n == 0 and i % 2 == 0],
        }
        text = SAY[i % len(SAY)] if i < len(SAY) else ""
        if text:
            answers[words.pk] = text
        if i % 6 == 5:
            del answers[safe.pk]  # not everyone answers every question
        _answer(survey, token, answers, BANDS[i % len(BANDS)])


def _statement_answers(consultation) -> None:
    """40 people vote on the statements (opinions.py groups them), a few write a rule of their own."""
    *statements, idea = consultation.questions.all()
    people = [camp for camp, n in STATEMENTS["camps"] for _ in range(n)]
    for i, (token, camp) in enumerate(
        zip(_tokens(f"statements{consultation.pk}", len(people)), people, strict=True)
    ):
        votes = list(camp)
        if i % 3 == 0:
            votes[(i * 5) % len(votes)] = 0  # passes on one
        if i % 7 == 3:
            j = (i * 2) % len(votes)
            votes[j] = -votes[j] if votes[j] else 1  # and differs on another
        answers = {question.pk: vote for question, vote in zip(statements, votes, strict=True)}
        written = STATEMENTS["ideas"][i % len(STATEMENTS["ideas"])] if i < 14 else ""
        if written:
            answers[idea.pk] = written
        _answer(consultation, token, answers, BANDS[i % len(BANDS)])


def _closed_survey(organisation, channel, author) -> None:
    survey = Consultation.objects.filter(organisation=organisation, title=CLOSED["title"]).first()
    if survey is None:
        survey = _build(
            organisation,
            channel,
            author,
            kind=Kind.SURVEY,
            title=CLOSED["title"],
            introduction=CLOSED["introduction"],
            purpose=CLOSED["purpose"],
            questions=CLOSED["questions"],
        )
    if survey.state == State.OPEN:
        when, what = survey.questions.all()
        options = list(when.choices.all())
        likes = ["homework club", "table tennis", "just chill with friends", "cooking", "", "games", "music"]
        for i, token in enumerate(_tokens(f"closed{survey.pk}", 23)):
            answers = {when.pk: options[0 if i % 3 else (i % 4)].pk}
            if likes[i % len(likes)]:
                answers[what.pk] = likes[i % len(likes)]
            _answer(survey, token, answers, BANDS[i % len(BANDS)])
        survey = services.close(survey, by=author)
    if survey.state == State.CLOSED and not survey.you_said_we_did:
        from harbour.consultation.feedback import publish_feedback

        publish_feedback(survey, CLOSED["feedback"], by=author)


def _board(organisation, channel, author) -> None:
    from harbour.consultation.boards import PostRefused, post_to_board

    board = _build(
        organisation,
        channel,
        author,
        kind=Kind.BOARD,
        title=BOARD["title"],
        introduction=BOARD["introduction"],
        purpose=BOARD["purpose"],
        questions=[],
        board_policy=BoardPolicy.SHOW_UNFLAGGED,
    )
    if board.state != State.OPEN or board.posts.exists():
        return
    for n, (text, band) in enumerate(BOARD["posts"]):
        try:
            post_to_board(board, token=f"demo-board{board.pk}-{n:03d}", text=text, age_band=band)
        except PostRefused:
            pass


def seed(organisation, members=None) -> None:
    """The demo's consultations; `members` maps each role to its Membership (seed_demo gives it)."""
    if members is None:
        from harbour.accounts.models import Membership

        members = {m.role: m for m in Membership.objects.filter(organisation=organisation, is_active=True)}
    manager, moderator, author = (
        members.get(Role.MANAGER),
        members.get(Role.MODERATOR),
        members.get(Role.AUTHOR),
    )
    if not (manager and moderator and author):
        return
    try:
        channel = _channel(organisation, manager, moderator, author)
        if channel is None:
            return  # retired by someone using the demo: leave it
        poll = _build(
            organisation,
            channel,
            author,
            kind=Kind.POLL,
            title=POLL["title"],
            introduction=POLL["introduction"],
            purpose=POLL["purpose"],
            questions=[{**POLL["question"], "choices": POLL["choices"]}],
        )
        if poll.state == State.OPEN:
            _poll_answers(poll)
        survey = _build(organisation, channel, author, kind=Kind.SURVEY, **{k: SURVEY[k] for k in SURVEY})
        if survey.state == State.OPEN:
            _survey_answers(survey)
        statements = _build(
            organisation,
            channel,
            author,
            kind=Kind.SURVEY,
            **{k: STATEMENTS[k] for k in STATEMENTS if k not in ("camps", "ideas")},
        )
        if statements.state == State.OPEN:
            _statement_answers(statements)
        _board(organisation, channel, author)
        _closed_survey(organisation, channel, author)
    except NotAllowed:
        # Someone using the demo changed a demo person's role: the services refuse them now, and the
        # consultations stay as those people left them (`harbour run` must still start).
        return
