"""Plans to meet and questions about where someone lives (guidance 5.3, 5.4)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harbour.screening.detectors.personal_info import MeetingPlace

MEETINGS = [
    ("meet me at the park behind Tesco at 4", "meet me at the park behind Tesco at 4", 3),
    ("meet me at the park", "meet me at the park", 2),
    ("see you at the bus stop at 5pm", "see you at the bus stop at 5pm", 3),
    ("wanna meet up after school?", "wanna meet up after school", 3),
    ("do you want to meet?", "do you want to meet", 2),
    ("I want to meet you", "want to meet", 2),
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
    "is there a LGBTQ+ group? I want to meet people like me",
    "I want to meet new people at the club",
    "we should meet the new youth workers",
]


@pytest.mark.parametrize(("text", "said", "severity"), MEETINGS)
def test_meetings_and_questions_are_found(found, text, said, severity):
    assert found("meeting_place", text) == [("personal_info", severity, said)]


@pytest.mark.parametrize("text", NOT_MEETINGS)
def test_ordinary_talk_of_meeting_passes(found, text):
    assert found("meeting_place", text) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "where",
                "wh",
                "wat",
                "what part of",
                "which school",
                "do",
                "d",
                "u",
                "you",
                "live",
                "asl",
                "a/s/l",
                "send",
                "share",
                "drop",
                "ur",
                "your",
                "location",
                "pin",
                "meet",
                "meeting",
                "see",
                "link",
                "me",
                "at",
                "the",
                "park",
                "behind",
                "tesco",
                "4pm",
                "at 4",
                " ",
                " ",
                ",",
                "x",
                "somewhere",
            ]
        ),
        max_size=25,
    ).map(" ".join)
)
def test_patterns_tried_only_where_they_can_begin_find_what_a_full_scan_finds(text):
    for pattern in MeetingPlace.patterns:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.regex.finditer(text)]
