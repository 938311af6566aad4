"""The relater interface, the pair record and the backend registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from storydiff.records import Relation, Sentence
from storydiff.registry import resolve


@dataclass(frozen=True, kw_only=True)
class Pair:
    """Two aligned sentences from different articles, to be related.

    ``similarity`` is the cosine of the two sentence embeddings, computed by the caller
    (the aligner already has the vectors). ``lang_a`` / ``lang_b`` are ISO 639-1 codes.
    ``date_a`` / ``date_b`` are the articles' publication dates (ISO 8601, or ``None``):
    relative dates ("27 years ago", "yesterday") are resolved against them.
    ``label_a`` / ``label_b`` name the two versions in reasons ("only in Reuters"): with
    three outlets, a positional "only in A" may name the wrong one.
    ``context_a`` / ``context_b`` hold the rest of each outlet's version of the fact (its
    other sentences in it): what a version says elsewhere in the fact is not "only in"
    the other one, though this pair of sentences is still what is compared.
    """

    a: Sentence
    b: Sentence
    lang_a: str
    lang_b: str
    similarity: float
    date_a: str | None = None
    date_b: str | None = None
    label_a: str = "A"
    label_b: str = "B"
    context_a: str = ""
    context_b: str = ""


@runtime_checkable
class Relater(Protocol):
    """Labels a batch of aligned pairs, with evidence: ``agree``, ``partial``, ``stronger`` /
    ``weaker`` (version B relative to version A) or ``conflict``."""

    name: str

    def relate(self, pairs: Sequence[Pair]) -> list[Relation]: ...


# Registry of backend names to lazy import paths ("module:Class"). Third-party backends
# register under the ``storydiff.relaters`` entry-point group.
REGISTRY: dict[str, str] = {
    "features": "storydiff.relate.classifier:FeatureRelater",
    "nli": "storydiff.relate.nli:NLIRelater",
}


def load_relater(name: str, model: str | None = None) -> Relater:
    """Instantiate the relater registered under ``name`` (optionally with a model name)."""
    cls = resolve(name, REGISTRY, "storydiff.relaters", "relater")
    return cls(model) if model else cls()  # type: ignore[operator, no-any-return]
