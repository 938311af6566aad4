"""Sentence-level loaded-language classifier: logistic regression, inference in numpy.

Features are the sentence embedding of the default embedder (when the caller passes that
embedder) and a few lexicon counts. Two variants are stored in ``storydiff/data/loaded.json``:
``embedding+lexicon`` and ``lexicon`` (used when no matching embedder is given, so framing
still works without running a model). Training lives in ``storydiff.evaluate.framing``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from storydiff.errors import StorydiffError
from storydiff.frame.lexicon import Hit
from storydiff.text.words import TOKEN

MODEL_FORMAT = "storydiff-loaded/1"
FEATURES: tuple[str, ...] = (
    "loaded",
    "loaded_babe",
    "label",
    "hedge",
    "verb_marked",
    "persuasion",
    "scare_quote",
    "exclaim",
    "question",
    "quoted",
    "length",
)


@dataclass(frozen=True, kw_only=True)
class LoadedModel:
    """One logistic-regression variant: ``p = sigmoid(((x - mean) / scale) @ coef + b)``.

    ``embedder`` is the name (``Embedder.name``) of the embedder whose vectors come first
    in ``x``, or empty for the lexicon-only variant. ``threshold`` is the F1-best cut
    (for evaluation); ``flag_threshold`` the stricter cut above which a sentence is shown to
    readers as loaded (cross-validated precision of at least 0.8; 1.0 means never).
    """

    name: str
    embedder: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    flag_threshold: float

    def predict(self, lexical: np.ndarray, vectors: np.ndarray | None = None) -> np.ndarray:
        """Probabilities for lexicon feature rows (plus embeddings, for the embedding variant)."""
        x = lexical if not self.embedder else np.hstack([np.asarray(vectors), lexical])
        if x.shape[1] != self.coef.shape[0]:
            raise StorydiffError(
                f"loaded-language model '{self.name}' expects {self.coef.shape[0]} features,"
                f" got {x.shape[1]}"
            )
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def model_path() -> Path:
    return Path(str(files("storydiff") / "data" / "loaded.json"))


@lru_cache(maxsize=2)
def load_models(path: str | None = None) -> dict[str, LoadedModel]:
    """The stored model variants by name (empty when the model file is missing)."""
    p = Path(path) if path else model_path()
    if not p.is_file():
        return {}
    doc = json.loads(p.read_text(encoding="utf-8"))
    if doc.get("format") != MODEL_FORMAT:
        raise StorydiffError(f"{p}: not a loaded-language model ({MODEL_FORMAT})")
    out = {}
    for name, m in doc["models"].items():
        out[name] = LoadedModel(
            name=name,
            embedder=str(m.get("embedder", "")),
            features=tuple(m["features"]),
            mean=np.asarray(m["mean"], dtype=np.float64),
            scale=np.asarray(m["scale"], dtype=np.float64),
            coef=np.asarray(m["coef"], dtype=np.float64),
            intercept=float(m["intercept"]),
            threshold=float(m["threshold"]),
            flag_threshold=float(m.get("flag_threshold", m["threshold"])),
        )
        if out[name].features != FEATURES:
            raise StorydiffError(f"{p}: model '{name}' was trained on other features")
    return out


def pick_model(embedder_name: str | None) -> LoadedModel | None:
    """The embedding variant when ``embedder_name`` runs its weights (on any engine),
    else the lexicon variant."""
    from storydiff.embed import weights_name

    models = load_models()
    weights = weights_name(embedder_name) if embedder_name else None
    for model in models.values():
        if model.embedder and model.embedder == weights:
            return model
    return next((m for m in models.values() if not m.embedder), None)


def lexical_features(text: str, hits: Iterable[Hit], scare_quotes: int = 0) -> list[float]:
    """The lexicon feature row of one sentence, in the order of ``FEATURES``.

    ``hits`` are the lexicon hits inside the sentence. Counts are confidence-weighted and
    log-scaled, so one strong word counts more than several weak ones but not unboundedly.
    """
    sums = dict.fromkeys(FEATURES, 0.0)
    for hit in hits:
        e = hit.entry
        if e.kind == "loaded":
            sums["loaded_babe" if e.group == "babe" else "loaded"] += e.confidence
        elif e.kind == "label":
            sums["label"] += e.confidence
        elif e.kind == "hedge":
            sums["hedge"] += e.confidence
        elif e.kind == "attribution-verb" and e.origin != "neutral":
            sums["verb_marked"] += e.confidence
        elif e.kind == "persuasion":
            sums["persuasion"] += e.confidence
    row = [math.log1p(sums[f]) for f in FEATURES[:6]]
    row.append(math.log1p(scare_quotes))
    row.append(1.0 if "!" in text else 0.0)
    row.append(1.0 if "?" in text else 0.0)
    row.append(1.0 if any(c in text for c in '"“”«»„') else 0.0)
    row.append(math.log1p(len(TOKEN.findall(text))))
    return row


def feature_matrix(rows: Sequence[list[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
