"""The default relater: a small logistic regression over pair features, plus rules.

The model (weights, bias, feature scaling) is a few kilobytes of JSON shipped in the
package (``storydiff/data/relater.json``, written by ``python -m storydiff.relate.train``);
inference is plain numpy. The model tells agree, partial and conflict apart; rules
override it where the evidence is unambiguous: a number, date or decision that differs
between two otherwise matching sentences is a conflict whatever the model says, and the
same claim said with different force or certainty is ``stronger`` / ``weaker``.

Direction convention: ``stronger`` and ``weaker`` describe version B (``Relation.b``)
relative to version A (``Relation.a``): ``weaker`` when B hedges ("reportedly"), distances
("claimed") or softens ("did not support") what A states ("blocked"); ``stronger`` the
other way round. ``Relation.stronger`` names the article that says it more forcefully, so a
reader never has to work the direction out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.errors import StorydiffError
from storydiff.records import Relation, RelationLabel
from storydiff.relate._base import Pair
from storydiff.relate.features import FEATURE_NAMES, PairFeatures, extract, read_sentence
from storydiff.relate.findings import OTHER_NOT_READ, Finding, Side

# The labels the model predicts; ``stronger`` / ``weaker`` come from the force findings.
LABELS: tuple[RelationLabel, ...] = ("agree", "partial", "conflict")


@dataclass(frozen=True, kw_only=True)
class LinearModel:
    """A multinomial logistic regression over standardised features.

    ``weights`` has one row per label; missing features (NaN, e.g. word overlap across
    languages) take the training mean, i.e. contribute nothing.
    """

    feature_names: tuple[str, ...]
    labels: tuple[RelationLabel, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    # The probability reported when a rule overrides the model: the share of rule firings
    # that were conflicts on the training data (a floor for the model's own probability).
    rule_confidence: float = 0.8

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Label probabilities, one row per row of ``x`` (features in ``feature_names`` order)."""
        x = np.where(np.isnan(x), self.mean, x)
        z = (x - self.mean) / self.scale
        logits = z @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)

    def to_json(self) -> dict[str, object]:
        """The model as a JSON-ready dict (rounded: it is committed to the repository)."""
        return {
            "feature_names": list(self.feature_names),
            "labels": list(self.labels),
            "mean": _round(self.mean),
            "scale": _round(self.scale),
            "weights": [_round(row) for row in self.weights],
            "bias": _round(self.bias),
            "rule_confidence": round(self.rule_confidence, 4),
        }


def _round(v: np.ndarray) -> list[float]:
    return [round(float(x), 6) for x in v]


def model_from_json(data: Mapping[str, Any]) -> LinearModel:
    """Rebuild a :class:`LinearModel` from :meth:`LinearModel.to_json` output."""
    names = tuple(str(n) for n in data["feature_names"])
    if names != FEATURE_NAMES:
        raise StorydiffError(
            "relater model does not match the feature extractor; retrain it with "
            "python -m storydiff.relate.train"
        )
    if sorted(data["labels"]) != sorted(LABELS):
        raise StorydiffError(f"relater model has unknown labels {data['labels']}")
    labels = tuple(lab for name in data["labels"] for lab in LABELS if lab == name)
    return LinearModel(
        feature_names=names,
        labels=labels,
        mean=np.asarray(data["mean"], dtype=np.float64),
        scale=np.asarray(data["scale"], dtype=np.float64),
        weights=np.asarray(data["weights"], dtype=np.float64),
        bias=np.asarray(data["bias"], dtype=np.float64),
        rule_confidence=float(data.get("rule_confidence", 0.8)),
    )


def default_model_path() -> Path:
    """Where the shipped model lives inside the installed package."""
    return Path(str(resources.files("storydiff") / "data" / "relater.json"))


def load_model(path: Path | None = None) -> LinearModel:
    """Load a relater model file (default: the one shipped with storydiff)."""
    path = path or default_model_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StorydiffError(f"cannot read relater model {path}: {err}") from err
    return model_from_json(data)


def decide(
    pair: Pair,
    feats: PairFeatures,
    label: RelationLabel,
    confidence: float,
    *,
    p_conflict: float,
    rule_confidence: float,
    fuller: Side | None = None,
) -> Relation:
    """Turn a backend's label into a :class:`Relation` with reasons and evidence.

    Strong conflict findings (a differing number, date or decision; a one-sided negation
    in otherwise matching sentences) override ``label``; the confidence is then at least
    ``rule_confidence``. A difference in force or certainty (a strong force finding, or
    the only evidence of a conflict the backend sees) makes ``stronger`` / ``weaker``
    unless the pair conflicts: both versions can be true, one says it more strongly.
    An ``agree`` where one version adds a whole clause becomes ``partial`` (confidence: the
    probability of no conflict). A ``partial`` needs something to show: with no finding of
    what a version says that the other does not, a difference that cannot be true of both
    makes it a ``conflict``, and without one the versions ``agree`` as far as anyone can
    see. ``fuller`` (for ``partial``) defaults to the side
    the features find fuller, else none (length alone backs no "says more").
    """
    label, confidence = _apply_rules(feats, label, confidence, p_conflict, rule_confidence)
    if label == "agree":
        reasons, found = _agreement(pair, feats), []
    elif label in ("stronger", "weaker"):
        found = _force(feats)
    else:
        found = [f for f in feats.findings if f.suggests == label]
        if label == "partial" and not found:
            # what differs, when nothing shows that one version says more
            found = [f for f in feats.findings if f.suggests == "conflict"]
    fuller_id = stronger_id = None
    if label in ("stronger", "weaker"):
        stronger_id = pair.b.article_id if label == "stronger" else pair.a.article_id
    elif label == "conflict":
        found.sort(key=lambda f: not f.strong)  # the deciding findings first
    elif label == "partial":
        # No side is named fuller on length alone: "EN says more" of a translation a
        # few characters longer is a finding nothing in the text backs.
        side = fuller or feats.fuller
        if side is not None:
            fuller_id = pair.a.article_id if side == "a" else pair.b.article_id
        # what the fuller side adds first
        found.sort(key=lambda f: bool(f.evidence) and f.evidence[0].article_id != fuller_id)
    if label != "agree":
        reasons = [f.reason for f in found] or [f"{label} (similarity {pair.similarity:.2f})"]
    return Relation(
        a=(pair.a.article_id, pair.a.index),
        b=(pair.b.article_id, pair.b.index),
        label=label,
        confidence=round(float(confidence), 4),
        similarity=round(float(pair.similarity), 4),
        reasons=tuple(reasons),
        evidence=tuple(e for f in found for e in f.evidence),
        fuller=fuller_id,
        stronger=stronger_id,
    )


def _agreement(pair: Pair, feats: PairFeatures) -> list[str]:
    """The reasons of an ``agree``. The versions state one claim; what one of them gives and
    the other does not (a figure, a name, a clause too short to make it fuller) is still
    shown: "same content" beside "13 states" and "in Texas" would be false of the text.
    They are reasons, not evidence: the words behind "agree" are the whole versions."""
    differ = [f.reason for f in feats.findings if f.suggests == "partial"]
    # Words each version alone gives ("only in A: 'recent phone conversation'", "only in
    # B: 'blocked a proposal'") may be a second claim on either side: "same claim" would
    # then say more than the text backs, so the reason says what the model found.
    extra_in = {e.article_id for f in feats.findings if f.kind == "extra" for e in f.evidence[:1]}
    if len(extra_in) > 1:
        same = "the model finds them close in meaning"
    else:
        same = "same claim" if differ else "same content"
    return [f"{same} (similarity {pair.similarity:.2f})", *differ]


def _force(feats: PairFeatures) -> list[Finding]:
    """Force findings, the deciding ones first: strong ones, and a decision verb (what was
    done) before a hedge (how sure the outlet is)."""
    force = [f for f in feats.findings if f.suggests == "force" and f.stronger]
    return sorted(force, key=lambda f: (not f.strong, f.kind != "decision"))


# Conflict findings that name two things that cannot both be true; a one-sided negation
# that is no rule negates something the other version does not say.
_CLASHES = frozenset({"number", "date", "antonym", "decision", "entity"})


def _apply_rules(
    feats: PairFeatures,
    label: RelationLabel,
    confidence: float,
    p_conflict: float,
    rule_confidence: float,
) -> tuple[RelationLabel, float]:
    """The label and confidence once the evidence rules have spoken (see :func:`decide`)."""
    label, confidence = _unread_conflict(feats, label, confidence, p_conflict)
    force = _force(feats)
    conflicts = [f for f in feats.findings if f.suggests == "conflict"]
    # A note on a cue the other language is not read for (``OTHER_NOT_READ``) backs no
    # "says more": it is shown, but it cannot hold a label on its own.
    partial = [f for f in feats.findings if f.suggests == "partial" and not _unchecked(f)]
    if any(f.strong for f in conflicts):
        return "conflict", max(p_conflict, rule_confidence)
    if any(f.strong for f in force) or (force and label == "conflict" and not conflicts):
        # Same claim, different force: both can be true, so not a conflict.
        return ("stronger" if force[0].stronger == "b" else "weaker"), max(1.0 - p_conflict, 0.5)
    if label == "agree" and any(f.strong for f in partial):
        # The model finds the versions compatible; the added clause makes one fuller.
        return "partial", 1.0 - p_conflict
    if label == "partial" and not partial:
        return _nothing_more(feats, conflicts, p_conflict)
    return label, confidence


def _nothing_more(
    feats: PairFeatures, conflicts: Sequence[Finding], p_conflict: float
) -> tuple[RelationLabel, float]:
    """The label of a ``partial`` where nothing one version says more can be shown. A
    difference that cannot be true of both ("2000" vs "3000", "up" vs "down") is a
    conflict; with none, the versions agree as far as a reader can check."""
    clashes = [f for f in conflicts if f.kind in _CLASHES]
    read = [f for f in clashes if _read(f, feats)]
    if any(f.strong for f in clashes) or (read and feats.cross_language):
        # (across languages the words around a figure are translated, so the slot
        # cannot be checked word for word: the differing figure decides)
        return "conflict", max(p_conflict, 0.5)
    if clashes:
        # Two figures, dates or names differ but nothing shows they fill the same
        # slot: the versions differ (shown as what differs), not proven to conflict.
        return "partial", 1.0 - p_conflict
    return "agree", 1.0 - p_conflict


def _unread_conflict(
    feats: PairFeatures, label: RelationLabel, confidence: float, p_conflict: float
) -> tuple[RelationLabel, float]:
    """A conflict across languages, or in a language whose counted nouns and periods are
    not read, with nothing that differs is read as ``partial``: the model reads no words
    there, and with no figure, date, name or decision that differs nothing shows that
    both versions cannot be true (two figures that differ there are a partial finding,
    "161 osób" and "996 osób" may count infections and deaths)."""
    if label != "conflict" or (not feats.cross_language and feats.slots_read):
        return label, confidence
    if any(f.suggests == "conflict" and _read(f, feats) for f in feats.findings):
        return label, confidence
    return "partial", 1.0 - p_conflict


def _unchecked(finding: Finding) -> bool:
    """Whether a finding only notes a cue whose absence on the other side is not read."""
    return bool(finding.evidence) and all(e.note == OTHER_NOT_READ for e in finding.evidence)


def _read(finding: Finding, feats: PairFeatures) -> bool:
    """Whether a conflict finding can back a conflict: not a figure's clash where the
    counted nouns and periods are not read (whether the two fill one slot is unknown)."""
    return feats.slots_read or finding.kind != "number"


class FeatureRelater:
    """Relates pairs with the shipped logistic regression and evidence rules (offline)."""

    def __init__(self, model: str | None = None) -> None:
        self.name = "features"
        self.model = load_model(Path(model) if model else None)

    def features(self, pairs: Sequence[Pair]) -> list[PairFeatures]:
        """The feature records of ``pairs`` (exposed for training and evaluation)."""
        # A fact's versions meet in many pairs: each sentence is read once per call (not
        # per process, so memory does not grow with the comparisons served).
        read = lru_cache(maxsize=None)(read_sentence)
        return [extract(p, read=read) for p in pairs]

    def relate(self, pairs: Sequence[Pair]) -> list[Relation]:
        """One :class:`Relation` per pair, in order."""
        if not pairs:
            return []
        feats = self.features(pairs)
        probs = self.model.probabilities(np.array([f.vector for f in feats], dtype=np.float64))
        labels = self.model.labels
        out = []
        for pair, f, row in zip(pairs, feats, probs, strict=True):
            best = int(np.argmax(row))
            out.append(
                decide(
                    pair,
                    f,
                    labels[best],
                    float(row[best]),
                    p_conflict=float(row[labels.index("conflict")]),
                    rule_confidence=self.model.rule_confidence,
                )
            )
        return out
