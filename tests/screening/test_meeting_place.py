"""Plans to meet and questions about where someone lives (guidance 5.3, 5.4)."""

import pytest

MEETINGS = [
    ("meet me at the park behind Tesco at 4", "meet me at the park behind Tesco at 4", 3),
    ("meet me at the park", "meet me at the park", 2),
    ("see you at the bus stop at 5pm", "see you at the bus stop at 5pm", 3),
    ("wanna meet up after school?", "wanna meet up after school", 3),
    ("where do you live", "where do you live", 2),
    ("what school do u go to", "what school do u go to", 2),
    ("asl?", "asl", 2),
    ("send me your location", "send me your location", 2),
]

NOT_MEETINGS = [
    "Nice to meet you",
    "the meeting is on Tuesday",
    "see you soon",
    "we met at the park years ago",
    "where do you get your hair cut",
    "Youth club meets every Friday",
    "I'll see you there",
    "meet the team",
]


@pytest.mark.parametrize(("text", "said", "severity"), MEETINGS)
def test_meetings_and_questions_are_found(found, text, said, severity):
    assert found("meeting_place", text) == [("personal_info", severity, said)]


@pytest.mark.parametrize("text", NOT_MEETINGS)
def test_ordinary_talk_of_meeting_passes(found, text):
    assert found("meeting_place", text) == []
