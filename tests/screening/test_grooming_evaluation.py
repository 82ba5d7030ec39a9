"""The grooming measure (harbour/screening/training/grooming.py) on conversations made up here: how early it
says the tracker alerts, how it counts false alerts and the messages sent to the encoder, and that the kept
part cannot be measured outside the final run."""

import pytest

from harbour.screening.training import grooming
from tests.screening.test_grooming_meaning import GROOMER_STREAMS, PEER_STREAMS

FILLER = ["lol", "ok", "haha yeah", "brb", "k"]


def convs():
    predator = FILLER * 2 + GROOMER_STREAMS[0]  # the groomer's steps start after 10 harmless lines
    return {
        "pj-predator": [("validation", "a", predator), ("test", "b", GROOMER_STREAMS[1]), ("kept", "c", [])],
        "ordinary-50": [("validation", f"p{i}", s) for i, s in enumerate(PEER_STREAMS)],
    }


def test_measure_counts_how_early_and_how_often(tmp_path, monkeypatch):
    monkeypatch.setenv("HARBOUR_EMBEDDINGS_CACHE", str(tmp_path))  # not the developer's cache
    tracker = grooming.tracker_for(convs(), ("validation", "test"))  # the vectors, encoded in one batch
    after = grooming.measure(tracker, convs(), ("validation", "test"))
    before = grooming.measure(tracker, convs(), ("validation", "test"), second_stage=False)
    pj = after["pj-predator"]
    assert pj["conversations"] == 2 and pj["alerted"] == 2
    assert pj["alerted_within_50"] == 1.0
    assert 10 < pj["messages_before_alert_median"] <= 21
    assert before["pj-predator"]["alerted"] < 2  # the second stream needs the meaning
    assert after["ordinary-50"]["alerted"] == 0 and after["non-grooming (all but PJ)"]["conversations"] == 3
    assert 0 < after["ordinary-50"]["share_encoded"] < 1
    assert "share_encoded" not in before["ordinary-50"]


def test_windows_are_whole():
    assert grooming._windows(list(range(120)), 50) == [list(range(50)), list(range(50, 100))]


def test_the_kept_part_is_not_measured_outside_the_final_run(monkeypatch):
    monkeypatch.delenv("HARBOUR_KEPT_RUN", raising=False)
    with pytest.raises(SystemExit):
        grooming.evaluate("/nonexistent", kept=True)
