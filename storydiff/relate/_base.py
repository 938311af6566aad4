"""The relater interface, the pair record and the backend registry."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from storydiff.errors import StorydiffError
from storydiff.records import Relation, Sentence


@dataclass(frozen=True, kw_only=True)
class Pair:
    """Two aligned sentences from different articles, to be related.

    ``similarity`` is the cosine of the two sentence embeddings, computed by the caller
    (the aligner already has the vectors). ``lang_a`` / ``lang_b`` are ISO 639-1 codes.
    """

    a: Sentence
    b: Sentence
    lang_a: str
    lang_b: str
    similarity: float


@runtime_checkable
class Relater(Protocol):
    """Labels a batch of aligned pairs ``agree`` / ``partial`` / ``conflict``, with evidence."""

    name: str

    def relate(self, pairs: Sequence[Pair]) -> list[Relation]: ...


# Registry of backend names to lazy import paths ("module:Class"). Third-party backends
# register under the ``storydiff.relaters`` entry-point group.
REGISTRY: dict[str, str] = {
    "features": "storydiff.relate.classifier:FeatureRelater",
    "nli": "storydiff.relate.nli:NLIRelater",
}


def _lookup(name: str) -> str:
    if name in REGISTRY:
        return REGISTRY[name]
    for ep in entry_points(group="storydiff.relaters"):
        if ep.name == name:
            return ep.value
    known = ", ".join(sorted(REGISTRY))
    raise StorydiffError(f"unknown relater '{name}' (known: {known})")


def load_relater(name: str, model: str | None = None) -> Relater:
    """Instantiate the relater registered under ``name`` (optionally with a model name)."""
    module_name, _, attr = _lookup(name).partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    return cls(model) if model else cls()  # type: ignore[no-any-return]
