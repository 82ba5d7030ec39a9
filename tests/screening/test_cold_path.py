"""The cold path: what a message full of words the process has never seen costs. Per-word tables fill
once per text, not once per word, and a lexicon builds its matching plan once per set of candidate
phrases however many combinations of words lead to it (bench/throughput.py measures the speed)."""

from harbour.screening.detectors import lexicon
from harbour.screening.detectors.classifier import AbuseClassifier, HateClassifier
from harbour.screening.engine import Engine
from harbour.screening.normalise import Document
from harbour.screening.verdict import Context


def test_a_texts_new_words_fill_the_classifiers_table_in_one_pass(monkeypatch):
    engine = Engine([AbuseClassifier, HateClassifier])
    rows = engine.detectors[0].group.rows
    calls = []
    real = rows.__class__.fill

    def spy(self, words):
        before = len(self)
        real(self, words)
        calls.append(len(self) - before)

    monkeypatch.setattr(rows.__class__, "fill", spy)
    engine.screen("qzxv wplmk trobbly zanquet fribble", Context())
    assert calls == [5]  # five new words, one fill for both models
    engine.screen("fribble zanquet qzxv", Context())
    assert calls == [5, 0]  # known words: nothing to hash


def test_a_lexicon_builds_one_plan_per_set_of_candidates(monkeypatch):
    detector = lexicon.Insults()
    built = []
    real = lexicon._Trie.add

    def spy(self, slots, value):
        built.append(value)
        real(self, slots, value)

    monkeypatch.setattr(lexicon._Trie, "add", spy)
    # The same insult among different other words: different satisfied slots, the same candidates.
    texts = [
        "you idiot",
        "you idiot, honestly",
        "what an idiot you are",
        "idiot",
        "such an idiot mate",
    ]
    found = [bool(detector.detect(Document(t), Context())) for t in texts]
    assert all(found)
    plans = {len(detector._plans), len(detector._by_candidates)}
    assert len(detector._by_candidates) < len(detector._plans), plans
    # each candidate set's trie was built once: no entry added more often than there are candidate sets
    assert max(built.count(e) for e in set(built)) <= len(detector._by_candidates)


def test_plans_stay_bounded():
    detector = lexicon.Insults()
    words = sorted(detector._vocabulary)
    for i in range(5000):
        detector.detect(Document(f"{words[i % len(words)]} {words[(i * 7) % len(words)]}"), Context())
    assert len(detector._plans) <= 4096 and len(detector._by_candidates) <= 4096


def test_a_plans_candidates_are_every_entry_whose_required_slots_are_all_present():
    """The plan reached through the entries' first slots is the one for exactly the entries whose every
    required slot has a word present (the definition, checked by brute force on real and random texts)."""
    import random

    rng = random.Random(19)
    for cls in (lexicon.Insults, lexicon.Threats, lexicon.GroomingSteps, lexicon.ImageRequests):
        detector = cls()
        vocabulary = sorted(detector._vocabulary)
        texts = [" ".join(rng.sample(vocabulary, rng.randint(1, 6))) for _ in range(300)]
        texts += ["send me a pic", "i will kill you", "dont tell your mum", "you idiot"]
        for text in texts:
            doc = Document(text)
            detector.detect(doc, Context())
            satisfied = 0
            for word in doc.word_set & detector._vocabulary:
                satisfied |= detector._satisfies[word]
            if not satisfied:
                continue
            expected = tuple(
                i for i, needs in enumerate(detector._needs) if needs and needs & satisfied == needs
            )
            assert detector._plans[satisfied] is detector._by_candidates[expected], text
