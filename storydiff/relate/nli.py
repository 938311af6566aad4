"""Optional relater: a multilingual XNLI cross-encoder from the Hugging Face hub.

Needs ``pip install 'storydiff[nli]'`` and hub access (or a local model path). Each pair
is scored in both directions; entailment both ways is ``agree``, one way is ``partial``
(the premise side is fuller: it entails the other), contradiction either way is
``conflict``. Evidence comes from the same feature extractor as the default relater, and
its unambiguous conflict rules apply here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from storydiff.errors import NotInstalled
from storydiff.records import Relation, RelationLabel
from storydiff.relate._base import Pair
from storydiff.relate.classifier import decide
from storydiff.relate.features import extract
from storydiff.relate.findings import Side

DEFAULT_MODEL = "MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7"
BATCH_SIZE = 16
# Evidence rules floor the confidence at this when they override the model.
RULE_CONFIDENCE = 0.8


class NLIScorer(Protocol):
    """Scores (premise, hypothesis) pairs: one dict per pair with the probabilities of
    ``entailment``, ``neutral`` and ``contradiction``."""

    def __call__(
        self, premises: Sequence[str], hypotheses: Sequence[str]
    ) -> list[dict[str, float]]: ...


def map_nli(
    p_ab: Mapping[str, float], p_ba: Mapping[str, float]
) -> tuple[RelationLabel, float, Side | None]:
    """Our label, its confidence and the fuller side, from NLI scores both ways.

    ``p_ab`` scores A as premise and B as hypothesis; ``p_ba`` the reverse.
    """

    def top(p: Mapping[str, float]) -> str:
        return max(("entailment", "neutral", "contradiction"), key=lambda k: p.get(k, 0.0))

    ab, ba = top(p_ab), top(p_ba)
    if "contradiction" in (ab, ba):
        return "conflict", max(p_ab["contradiction"], p_ba["contradiction"]), None
    if ab == ba == "entailment":
        return "agree", min(p_ab["entailment"], p_ba["entailment"]), None
    if ab == "entailment":
        return "partial", p_ab["entailment"], "a"  # A entails B: A says at least as much
    if ba == "entailment":
        return "partial", p_ba["entailment"], "b"
    # Neutral both ways: each adds something; the features pick the fuller side.
    return "partial", min(p_ab["neutral"], p_ba["neutral"]), None


class _TransformersScorer:
    """An XNLI sequence classifier via transformers, on CPU or the first GPU."""

    def __init__(self, model: str) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as err:
            raise NotInstalled("transformers", "nli") from err
        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(model)
        self._model = AutoModelForSequenceClassification.from_pretrained(model)
        self._device = "cuda" if torch.cuda.is_available() else "cpu"
        self._model.to(self._device).eval()
        id2label = self._model.config.id2label
        self._labels = [str(id2label[i]).lower() for i in range(len(id2label))]

    def __call__(
        self, premises: Sequence[str], hypotheses: Sequence[str]
    ) -> list[dict[str, float]]:
        out: list[dict[str, float]] = []
        for i in range(0, len(premises), BATCH_SIZE):
            enc = self._tokenizer(
                list(premises[i : i + BATCH_SIZE]),
                list(hypotheses[i : i + BATCH_SIZE]),
                truncation=True,
                padding=True,
                return_tensors="pt",
            ).to(self._device)
            with self._torch.no_grad():
                probs = self._model(**enc).logits.softmax(dim=-1).cpu().tolist()
            out.extend(dict(zip(self._labels, row, strict=True)) for row in probs)
        return out


class NLIRelater:
    """Relates pairs with a multilingual NLI cross-encoder (default: mDeBERTa-v3 XNLI).

    ``scorer`` replaces the transformers model (tests pass a fake one).
    """

    def __init__(self, model: str | None = None, *, scorer: NLIScorer | None = None) -> None:
        self.name = "nli"
        self.model = model or DEFAULT_MODEL
        self._scorer: NLIScorer = scorer if scorer is not None else _TransformersScorer(self.model)

    def relate(self, pairs: Sequence[Pair]) -> list[Relation]:
        """One :class:`Relation` per pair, in order."""
        if not pairs:
            return []
        a = [p.a.text for p in pairs]
        b = [p.b.text for p in pairs]
        scores = self._scorer([*a, *b], [*b, *a])
        n = len(pairs)
        out = []
        for i, pair in enumerate(pairs):
            p_ab, p_ba = scores[i], scores[n + i]
            label, confidence, side = map_nli(p_ab, p_ba)
            out.append(
                decide(
                    pair,
                    extract(pair),
                    label,
                    confidence,
                    p_conflict=max(p_ab["contradiction"], p_ba["contradiction"]),
                    rule_confidence=RULE_CONFIDENCE,
                    fuller=side,
                )
            )
        return out
