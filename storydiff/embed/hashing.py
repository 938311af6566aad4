"""A deterministic, model-free embedder: hashed character n-grams.

It is the plain test double for unit tests and a fallback that needs nothing installed.
Only lexical overlap counts, so it cannot align across languages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class HashingEmbedder:
    """Bag of hashed character trigrams of lower-cased words, L2-normalised."""

    def __init__(self, model: str | None = None) -> None:
        self.dim = int(model) if model else 512
        self.name = f"hashing-{self.dim}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                padded = f"#{word}#"
                for i in range(max(1, len(padded) - 2)):
                    h = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                    out[row, int.from_bytes(h, "little") % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out
