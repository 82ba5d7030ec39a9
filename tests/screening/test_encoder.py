"""The second stage's sentence encoder: the ONNX graph against the NumPy reference, the tokenizer, meaning."""

import numpy as np
import pytest

from harbour.screening import encoder


@pytest.fixture(scope="module")
def model():
    return encoder.Encoder()


def test_the_graph_computes_what_the_numpy_reference_does(model):
    texts = ["do your mum and dad check your phone much?", "ok", "I live on Hawthorn Close 😂 " * 20]
    assert np.abs(model.embed(texts) - model.reference(texts)).max() < 1e-4


def test_vectors_are_unit_length_and_batches_change_nothing(model):
    texts = ["hi", "see you at the youth club on friday", "a much longer message " * 10]
    together = model.embed(texts)
    alone = np.vstack([model.embed([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() < 1e-4
    assert model.embed([]).shape == (0, encoder.DIMENSIONS)


def test_bert_uncased_wordpiece(model):
    tok = model.tokenizer
    assert tok.encode("Hello, world!") == [101, 7592, 1010, 2088, 999, 102]
    assert tok.encode("HÉLLO") == tok.encode("hello")  # lower case, accents stripped
    names = {i: piece for piece, i in tok.vocab.items()}
    pieces = [names[i] for i in tok.encode("unaffable")[1:-1]]
    assert pieces == ["una", "##ffa", "##ble"]  # greedy longest match first, "##" inside a word
    assert tok.encode("x" * 101) == [101, tok.unk, 102]
    assert tok.encode("\u200b\x00") == [101, 102]
    assert len(tok.encode("word " * 500)) == encoder.MAX_TOKENS


def test_it_reads_meaning_not_words(model):
    def sim(a, b):
        va, vb = model.embed([a, b])
        return float(va @ vb)

    assert sim("how old are you", "what age r u") > sim("how old are you", "how are you")
    assert sim("do your parents check your phone?", "does your mum read your messages?") > 0.4
    assert sim("do your parents check your phone?", "the match starts at 3pm") < 0.2
