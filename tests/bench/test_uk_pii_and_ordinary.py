"""bench/uk_pii.py (presidio's templates refilled with UK values) and bench/ordinary.py (ordinary text for
false alarms): no shared datasets needed. Faker is in the bench dependency group: the filling tests skip
where it is not installed (the dev group alone)."""

import random
import re
from datetime import date

import pytest

from bench import ordinary, uk_pii
from harbour.screening.training import data


def test_the_synthetic_ordinary_messages_are_seeded_varied_and_free_of_placeholders():
    messages = ordinary.synthetic()
    assert messages == ordinary.synthetic()
    assert len(messages) == ordinary.SYNTHETIC_COUNT
    assert len(set(messages)) > 0.9 * len(messages)
    assert not any("{" in m or "}" in m for m in messages)
    assert sum(bool(re.search(r"\d", m)) for m in messages) > 0.8 * len(messages)  # full of numbers
    assert ordinary.texts() == messages  # no datasets: the synthetic part alone


def test_no_synthetic_ordinary_message_is_flagged_as_personal_information():
    """None of them gives a person's details (they are written so), so every finding would be a false alarm."""
    flagged = []
    for text in ordinary.synthetic(300, seed=7):
        spans = uk_pii._spans(text)
        if spans:
            flagged.append(text)
    assert flagged == []


def test_flag_rates_put_personal_information_and_grooming_first():
    rows = ordinary.flag_rates(["call me on 07700 900123", "see you at football on Monday"])
    names = list(rows)
    assert names[:2] == ["any personal information", "any grooming"]
    assert rows["any personal information"] == {"flagged": 0.5, "n": 2}
    assert names[2].endswith("(personal_info)")


def test_a_date_of_birth_is_written_in_the_shape_chosen_and_says_the_same_date():
    born = date(2011, 3, 12)
    shapes = {uk_pii.date_of_birth(born, random.Random(i)) for i in range(200)}
    assert {"2011-03-12", "12/03/2011", "12.03.11", "12th March 2011", "March 12, 2011"} <= shapes
    assert all("12" in s and ("3" in s or "mar" in s.lower()) for s in shapes)


def test_a_filled_template_keeps_each_entity_span_and_merges_a_house_number_with_its_street():
    filler = uk_pii.Filler(seed=1)
    text, spans = filler.fill(
        "Call {{phone_number}}. {{name}} lives at {{building_number}} {{street_name}}, {{city}}"
    )
    kinds = [k for k, _, _ in spans]
    assert kinds == ["phone", "address"]
    phone = text[spans[0][1] : spans[0][2]]
    assert text.startswith(f"Call {phone}.") and sum(c.isdigit() for c in phone) >= 10
    address = text[spans[1][1] : spans[1][2]]
    assert re.fullmatch(r"\d+ \S.*", address)  # number and street in one span, the city left out
    assert uk_pii.Filler(seed=1).fill("{{age}} {{postcode}}") == uk_pii.Filler(seed=1).fill(
        "{{age}} {{postcode}}"
    )


def test_the_templates_are_split_by_the_kept_aside_rule_and_kept_ones_refuse(tmp_path, monkeypatch):
    path = tmp_path / uk_pii.TEMPLATES
    path.parent.mkdir(parents=True)
    lines = [f"Template {i} says {{{{phone_number}}}}" for i in range(200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    development = uk_pii.split(tmp_path)
    assert development == [t for t in lines if not data.kept_aside(uk_pii.SOURCE, t)]
    assert 0 < len(lines) - len(development) < 60  # about 15% kept aside
    monkeypatch.delenv(data.KEPT_RUN_ENV, raising=False)
    with pytest.raises(SystemExit, match="HARBOUR_KEPT_RUN=final"):
        uk_pii.split(tmp_path, kept=True)
    with pytest.raises(SystemExit, match="HARBOUR_KEPT_RUN=final"):
        uk_pii.evaluate(tmp_path, kept=True)


def test_recall_counts_a_gold_span_found_when_a_finding_overlaps_it():
    text = "text me on 07700 900123 or visit the park"
    start = text.index("07700")
    gold = [("phone", start, start + 12), ("address", text.index("park"), len(text))]
    out = uk_pii.recall([(text, gold)])
    assert out["phone"] == {"recall": 1.0, "n": 1}
    assert out["address"] == {"recall": 0.0, "n": 1}
    assert out["all six kinds"] == {"recall": 0.5, "n": 2}
