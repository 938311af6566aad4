"""Sentence embeddings behind one interface: see ``_base.Embedder``."""

from storydiff.embed._base import (
    REGISTRY,
    CachedEmbedder,
    Embedder,
    batch_dependent,
    corpus_model,
    load_embedder,
    weights_name,
)

__all__ = [
    "REGISTRY",
    "CachedEmbedder",
    "Embedder",
    "batch_dependent",
    "corpus_model",
    "load_embedder",
    "weights_name",
]
