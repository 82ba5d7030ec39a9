"""The second stage's sentence encoder: float32 (as shipped) against a dynamically quantised int8 copy.

    python -m bench.encoder_speed [--datasets PATH] [--n 300] [--core N]

Builds the float32 graph the engine runs (harbour.screening.encoder), quantises its weight MatMuls to int8
in the way ONNX Runtime's onnxruntime.quantization.quantize_dynamic does (per channel; activations stay
float, quantised on the fly), and encodes the same ordinary messages one at a time with each, on one core
and one thread: milliseconds a message (thread CPU time), and the cosine of each int8 vector with its
float32 one. The int8 copy is worth shipping only if it is faster and every message's cosine stays above
0.99 (the heads and exemplars were fitted on float32 vectors). Ordinary messages: bench/ordinary.py's
synthetic ones, and Formspring's development rows when the datasets are there. Needs onnx and
onnxruntime (the encoder's own dependencies); writes nothing but a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

THRESHOLD = 0.99


def sentences(datasets: Path | None, n: int, seed: int = 19) -> list[str]:
    from bench import ordinary

    texts = list(dict.fromkeys(ordinary.synthetic()))
    if datasets is not None:
        texts += list(dict.fromkeys(ordinary.formspring(datasets)))
    rng = random.Random(seed)
    return rng.sample(texts, min(n, len(texts)))


def _vectors(session, ids: list[list[int]]) -> tuple[np.ndarray, float]:
    """One message at a time, as the engine calls it: unit vectors and milliseconds a message (CPU)."""
    from harbour.screening import encoder

    out = np.empty((len(ids), encoder.DIMENSIONS), dtype=np.float32)
    started = time.thread_time()
    for row, one in enumerate(ids):
        tokens, mask = encoder._pad([one])
        pooled = session.run(
            None,
            {
                "input_ids": tokens,
                "position_ids": np.arange(tokens.shape[1], dtype=np.int64),
                "mask": mask,
                "bias": ((1.0 - mask) * -1e9)[:, None, None, :],
            },
        )[0][0]
        out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return out, (time.thread_time() - started) / max(len(ids), 1) * 1000


def int8_graph(graph: bytes) -> bytes:
    """The graph with every MatMul that has a weight (a constant second input) quantised to int8 per channel."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load_from_string(graph)
    constants = {i.name for i in model.graph.initializer}
    nodes = []
    for i, node in enumerate(model.graph.node):
        node.name = node.name or f"n{i}"
        if node.op_type == "MatMul" and node.input[1] in constants:
            nodes.append(node.name)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "float32.onnx", Path(folder) / "int8.onnx"
        onnx.save(model, source)
        quantize_dynamic(
            source, target, weight_type=QuantType.QInt8, nodes_to_quantize=nodes, per_channel=True
        )
        return target.read_bytes()


def compare(texts: list[str]) -> dict:
    from harbour.screening import encoder

    started = time.perf_counter()
    enc = encoder.Encoder()
    load = time.perf_counter() - started
    ids = [enc.tokenizer.encode(t) for t in texts]
    started = time.perf_counter()
    int8 = encoder._session(int8_graph(encoder._graph(enc)), 1)
    quantise = time.perf_counter() - started
    reference, float_ms = _vectors(enc.session, ids)
    quantised, int8_ms = _vectors(int8, ids)
    cosines = (reference * quantised).sum(axis=1)
    return {
        "messages": len(texts),
        "mean_tokens": round(float(np.mean([len(i) for i in ids])), 1),
        "float32_load_s": round(load, 2),
        "int8_build_s": round(quantise, 2),
        "float32_ms": round(float_ms, 2),
        "int8_ms": round(int8_ms, 2),
        "cosine_min": round(float(cosines.min()), 4),
        "cosine_p1": round(float(np.percentile(cosines, 1)), 4),
        "cosine_mean": round(float(cosines.mean()), 4),
        "below_threshold": int((cosines <= THRESHOLD).sum()),
        "keep_int8": bool(int8_ms < float_ms and cosines.min() > THRESHOLD),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.encoder_speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--datasets", help="shared datasets folder (Formspring's development rows); optional")
    parser.add_argument("--n", type=int, default=300, help="messages (default 300)")
    parser.add_argument("--core", type=int, help="core to run on (default: the highest one allowed)")
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {args.core if args.core is not None else max(os.sched_getaffinity(0))})
    root = Path(args.datasets or os.environ.get("HARBOUR_DATASETS") or "../shared/datasets")
    result = compare(sentences(root if (root / "formspring").is_dir() else None, args.n))
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
