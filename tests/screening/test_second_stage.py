"""The classifiers' second stage: the heads file, the band, the switch that turns it off, and clear errors."""

import json

import numpy as np
import pytest

from harbour.screening import Context, screen
from harbour.screening.detectors.classifier import (
    HEADS,
    HEADS_ENCODER,
    AbuseClassifier,
    BullyingClassifier,
    HateClassifier,
    Head,
    ModelFileError,
    SexualClassifier,
    load_heads,
    shipped_heads,
)
from harbour.screening.encoder import DIMENSIONS
from harbour.screening.engine import Engine
from harbour.screening.normalise import Document

CLASSES = (AbuseClassifier, HateClassifier, BullyingClassifier, SexualClassifier)

TEXTS = [
    "you are an idiot",
    "I don't hate gay people",
    "what time does the youth club open on friday?",
    "shut up you fat ugly cow",
    "women are too stupid to be in charge of anything",
    "this homework is killing me lol",
    "r u hot",
    "muslims are not terrorists",
    "nobody likes you, just leave the group already",
    "Scunthorpe United won on Saturday",
]


def _head(model: str, **meta) -> Head:
    """The shipped head of a model (kept or not) with another band, blend or threshold."""
    every = load_heads(kept_only=False)
    head = every[model]
    return Head(model, head.weights, head.bias, {**head.meta, **meta})


def test_the_heads_file_is_small_float16_and_says_what_it_was_trained_on():
    with np.load(HEADS, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        assert data["weights"].dtype == np.float16
        assert data["weights"].shape == (4, DIMENSIONS)
    assert HEADS.stat().st_size < 16 * 1024
    assert meta["encoder"] == HEADS_ENCODER
    models = {cls().model.name for cls in CLASSES}
    assert {h["model"] for h in meta["heads"]} == models
    for head in meta["heads"]:
        assert 0 < head["low"] <= head["high"] < 1
        if head["kept"]:  # it beat the fast path by more than the noise, net of what the encoder costs
            net = head["validation_macro_f1"] - head["encoder_cost"] * head["validation_share_in_band"]
            assert net >= head["fast_validation_macro_f1"] + 0.01 - 1e-3


def test_the_head_decides_inside_its_band_and_not_outside_it():
    text = "what time does the youth club open on friday?"
    plain = AbuseClassifier(heads={})
    score, _, _ = plain.fast_score(Document(text), 0.0)
    assert score < plain.model.threshold and not plain.detect(Document(text), Context())
    model = plain.model.name
    # the real head, its band moved to hold this text's score and its threshold below what it reads: flagged
    said = load_heads(kept_only=False)[model].probability(plain.vector(Document(text).text))
    inside = _head(model, low=score - 0.01, high=score + 0.01, blend=1.0, threshold=said - 0.01)
    found = AbuseClassifier(heads={model: inside}).detect(Document(text), Context())
    assert len(found) == 1
    assert found[0].evidence["second_stage"]["head"] == pytest.approx(said, abs=1e-4)
    assert "second stage" in found[0].reason
    # the same head with a band that does not hold the score: the fast path decides alone
    outside = _head(model, low=score + 0.02, high=0.99, blend=1.0, threshold=said - 0.01)
    assert AbuseClassifier(heads={model: outside}).detect(Document(text), Context()) == []
    # inside the band, a head that reads it as harmless clears what the fast path alone would flag
    rude = "you are an idiot"
    hit = plain.detect(Document(rude), Context())
    assert hit
    rude_score = hit[0].score
    clearing = _head(model, low=0.01, high=rude_score + 0.01, blend=1.0, threshold=1.0)
    assert AbuseClassifier(heads={model: clearing}).detect(Document(rude), Context()) == []


def test_context_second_stage_false_restores_the_fast_path_exactly():
    fast_only = Engine(detectors=[cls(heads={}) for cls in CLASSES])
    # every head asked over the whole score range: it would change many verdicts if it were asked
    heads = {m: _head(m, low=0.01, high=0.99, blend=1.0, threshold=0.5) for m in load_heads(kept_only=False)}
    wide = Engine(detectors=[cls(heads=heads) for cls in CLASSES])
    off = Engine(detectors=[cls(heads=heads) for cls in CLASSES], second_stage=False)
    changed = 0
    for text in TEXTS:
        want = fast_only.screen(text).to_dict()
        assert wide.screen(text, Context(second_stage=False)).to_dict() == want
        assert off.screen(text).to_dict() == want
        assert off.screen(text, Context(author="a")).to_dict() == want
        changed += wide.screen(text).to_dict() != want
    assert changed  # the switch is what kept them equal


def test_screen_second_stage_false_is_the_engine_without_heads():
    fast_only = Engine(second_stage=False)
    for text in TEXTS:
        assert screen(text, second_stage=False).to_dict() == fast_only.screen(text).to_dict()
        assert (
            screen(text, Context(author="x"), second_stage=False).to_dict()
            == fast_only.screen(text).to_dict()
        )


def test_the_shipped_engine_asks_the_kept_heads_only():
    kept = shipped_heads()
    every = load_heads(kept_only=False)
    assert set(kept) <= set(every)
    for cls in CLASSES:
        detector = cls()
        assert (detector.head is not None) == (detector.model.name in kept)


def test_a_missing_heads_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="Cannot read the second stage's heads file .*make train"):
        load_heads(tmp_path / "heads.npz")


def test_a_wrongly_shaped_heads_file_is_a_clear_error(tmp_path):
    with np.load(HEADS, allow_pickle=False) as data:
        meta, weights, bias = str(data["meta"]), data["weights"], data["bias"]
    path = tmp_path / "heads.npz"
    np.savez(path, meta=np.array(meta), weights=weights[:, :100], bias=bias)
    with pytest.raises(ModelFileError, match=r"shape \(4, 100\).*384.*make train"):
        load_heads(path)
    other = json.loads(meta)
    other["encoder"] = "some other encoder"
    np.savez(path, meta=np.array(json.dumps(other)), weights=weights, bias=bias)
    with pytest.raises(ModelFileError, match="some other encoder"):
        load_heads(path)
    np.savez(path, meta=np.array(meta), weights=weights)
    with pytest.raises(ModelFileError, match="bias"):
        load_heads(path)


def test_a_classifier_without_the_heads_file_does_not_build(tmp_path, monkeypatch):
    from harbour.screening.detectors import classifier

    monkeypatch.setattr(classifier, "_heads_cache", {})
    monkeypatch.setattr(classifier, "HEADS", tmp_path / "missing.npz")
    with pytest.raises(ModelFileError, match="heads file"):
        AbuseClassifier()


def test_every_finding_the_head_made_explains_itself():
    heads = {m: _head(m, low=0.01, high=0.99, blend=0.5, threshold=0.5) for m in load_heads(kept_only=False)}
    engine = Engine(detectors=[cls(heads=heads) for cls in CLASSES])
    seen = 0
    for text in TEXTS:
        for f in engine.screen(text).findings:
            second = f.evidence.get("second_stage")
            if second is None:
                continue
            seen += 1
            assert second["band"][0] <= second["fast"] <= second["band"][1]
            assert f.score == pytest.approx(second["fast"], abs=1e-4)  # the linear model's, as without it
            assert second["blended"] >= second["threshold"]
    assert seen
