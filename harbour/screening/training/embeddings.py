"""Sentence embeddings of training and evaluation texts, cached on disk so each text is encoded once.

Training scripts and benchmarks call `embed(texts)`; the cache (float16, one file per 4,096 new texts) lives
in HARBOUR_EMBEDDINGS_CACHE, else ~/.cache/harbour/embeddings. Keyed by the SHA-1 of the exact text, so a
change to a reader's cleaning simply misses. Encodes with every core the machine has, as training may.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from harbour.screening import encoder

_CHUNK = 4096


def cache_dir() -> Path:
    path = Path(os.environ.get("HARBOUR_EMBEDDINGS_CACHE") or Path.home() / ".cache/harbour/embeddings")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


class _Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.index: dict[bytes, np.ndarray] = {}
        for file in sorted(folder.glob("*.npz")):
            with np.load(file) as part:
                for key, vector in zip(part["keys"], part["vectors"], strict=True):
                    self.index[bytes(key)] = vector

    def add(self, keys: list[bytes], vectors: np.ndarray) -> None:
        name = hashlib.sha1(b"".join(keys)).hexdigest()[:16]
        tmp = self.folder / f".{name}.npz"
        np.savez(tmp, keys=np.array([np.frombuffer(k, dtype=np.uint8) for k in keys]), vectors=vectors)
        tmp.replace(self.folder / f"{name}.npz")
        for key, vector in zip(keys, vectors, strict=True):
            self.index[key] = vector


_loaded: dict[Path, _Cache] = {}
_encoder: encoder.Encoder | None = None


def embed(texts: list[str], *, progress: bool = False) -> np.ndarray:
    """float32 unit vectors, shape (len(texts), 384), encoding only the texts not cached yet."""
    global _encoder
    folder = cache_dir()
    cache = _loaded.get(folder) or _loaded.setdefault(folder, _Cache(folder))
    keys = [_key(t) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in cache.index))
    if missing:
        by_key = dict(zip(keys, texts, strict=True))
        if _encoder is None:
            _encoder = encoder.Encoder(threads=os.cpu_count() or 1)
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            vectors = _encoder.embed([by_key[k] for k in chunk], batch_size=64).astype(np.float16)
            cache.add(chunk, vectors)
            if progress:
                print(f"embeddings: {start + len(chunk)} of {len(missing)} new texts encoded", flush=True)
    if not keys:
        return np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
    return np.stack([cache.index[k] for k in keys]).astype(np.float32)
