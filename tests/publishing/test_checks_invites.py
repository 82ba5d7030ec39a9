"""invites_response (guidance 4.2: "social media is about interaction"): does a post invite a reply?
The table was written before the code. Part E's one-way flag reads the same function."""

import pytest

from harbour.publishing.checks import invites_response, response_invitation

INVITES = [
    # a question to the readers
    "Summer camp sign-ups open on Monday. What would you like to do there?",
    "Which day suits you best for the youth club: Tuesday or Thursday?",
    "Is anyone coming to the skate park session?",
    "Have you tried the new climbing wall yet ?",
    "What do you think of the new logo",  # no question mark: young people rarely write one
    "What's your favourite thing about the hub",
    "How would you spend £500 on the youth centre",
    # asking for a reply
    "Tell us what you want from the summer programme.",
    "Let us know in the comments.",
    "let us know ur ideas",
    "Drop us a message if you have ideas for the trip.",
    "Comment below with your best camp memory!",
    "Reply with a photo of your art project!",
    "Vote in our poll for the next film night.",
    "Take our survey about the youth council: https://example.org/survey",
    "Have your say on the new park.",
    "We want to hear from you about the new timetable.",
    "We'd love to hear your ideas for the garden.",
    "We would love to hear your thoughts.",
    "Share your ideas with us before Friday.",
    "Send us your questions for the mayor.",
    "Get in touch if you want to help plan the event.",
    "Message us with your suggestions.",
    "DM us your questions.",
    "Any questions? Ask us below.",
    "Tag a friend who would love this!",
    "Don't forget to tell us what you think.",  # a negation before "forget", not before the invitation
    "Tell us: which workshop should we run next?",
    "TELL US WHAT YOU THINK",
    "Let me know what you reckon.",
    "Drop your ideas below 👇",
    "Comment your favourite film for movie night!",
    "Leave your suggestions in the box or online.",
    "Post your pictures from the trip with #HubTrip.",
    "Send your photos to the youth team by Friday.",
    "Ideas welcome for the summer programme.",
    "Thoughts?",
    "Who's coming on Saturday?",
]

ONE_WAY = [
    "",
    "The youth club is closed on Monday for the bank holiday.",
    "Summer camp sign-ups open on Monday. Book at https://example.org/camp?ref=post",  # ? in a link only
    "Did you know the library lends laptops?",  # a rhetorical question that only informs
    "Guess what? We won the regional award!",
    "Who knew? The hub is 10 years old today.",
    "Please do not reply to this account: it is not monitored.",
    "Don't comment here; email the office instead.",
    "Comments are turned off on this post.",
    "We told us last year that the park would open.",  # "told us", not "tell us"
    "Our survey results are in: 80% said the club should open on Saturdays.",
    "The votes have been counted and the new youth mayor is Sam.",
    "We had a brilliant time at camp. Thanks to everyone who came!",
    "Sign up now at the link in our bio.",  # a call to act, not to reply
    "Book your place today.",
    "Share this post.",  # sharing is not a reply
    "Storyteller Ann will be at the library on Friday.",  # "tell" inside a word
    "The retelling of the play was lovely.",
    "We are asking the council for a new pitch.",
    "Leave your bikes by the gate.",
    "Send your consent forms back by Friday.",
]


@pytest.mark.parametrize("text", INVITES)
def test_invites_a_response(text):
    assert invites_response(text), text
    start, end = response_invitation(text)
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", ONE_WAY)
def test_one_way(text):
    assert not invites_response(text), text
    assert response_invitation(text) is None


def test_the_span_is_the_invitation():
    text = "Camp is on Monday. Tell us what you want to do."
    start, end = response_invitation(text)
    assert text[start:end].lower().startswith("tell us")


def test_long_text_does_not_backtrack():
    """Not a speed target (bench/publishing_checks.py has that): a guard against a pattern that backtracks
    catastrophically on long text, with a margin no busy machine comes near (it takes well under 1 ms)."""
    import time

    text = ("The club is open on Monday and Tuesday from six until nine in the hall. " * 40)[:4000]
    started = time.perf_counter()
    for _ in range(20):
        invites_response(text)
    assert (time.perf_counter() - started) / 20 < 0.25
