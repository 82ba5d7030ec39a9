"""Evasions through the whole screen: leetspeak, spacing, zero-width characters, look-alike letters,
repeated letters, masks and emoji are caught, and the span covers what the writer typed."""

import pytest

from harbour.screening import screen

EVASIONS = [
    ("ur a sl4g", "insult", "sl4g"),
    ("ur a $lag", "insult", "$lag"),
    ("ur a s l a g", "insult", "s l a g"),
    ("ur a s.l.a.g", "insult", "s.l.a.g"),
    ("ur a s\u200bl\u200ba\u200bg", "insult", "s\u200bl\u200ba\u200bg"),
    ("ur a ѕӏаg", "insult", "ѕӏаg"),  # Cyrillic look-alikes
    ("ur a ｓｌａｇ", "insult", "ｓｌａｇ"),
    ("ur a 𝘀𝗹𝗮𝗴", "insult", "𝘀𝗹𝗮𝗴"),
    ("ur a slaaaaag", "insult", "slaaaaag"),
    ("ur a SLAG", "insult", "SLAG"),
    ("sh*t", "profanity", "sh*t"),
    ("f u c k", "profanity", "f u c k"),
    ("k.y.s", "bullying", "k.y.s"),
    ("i w@nt 2 d1e", "self_harm", "i w@nt 2 d1e"),
    ("I'll 🔪 u", "violence", "I'll 🔪 u"),
    ("send 🍆 pics", "sexting", "send 🍆 pics"),
    ("s3nd nud3s", "sexting", "s3nd nud3s"),
    ("add me on sn\u200bap", "personal_info", "add me on sn\u200bap"),
    ("０７７００ ９００１２３", "personal_info", "０７７００ ９００１２３"),
]


@pytest.mark.parametrize(("text", "category", "covered"), EVASIONS)
def test_evasions_are_caught_with_exact_spans(text, category, covered):
    verdict = screen(text)
    spans = {(str(f.category), text[f.span[0] : f.span[1]]) for f in verdict.findings if f.severity >= 1}
    assert (category, covered) in spans, verdict.findings
