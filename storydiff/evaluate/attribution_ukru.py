"""Who says what in real Ukrainian and Russian text: a self-annotated sample.

    python -m storydiff.evaluate.attribution_ukru [--data DIR] [--split NAME]

No public uk/ru attribution corpus was at hand, so the storydiff authors annotated one
(``storydiff/data/attribution_ukru_gold.json``): sentences of real news texts from the
shared data, ``ner_uk`` (Ukrainian regional and national press) and ``semeval23_t3``
(Russian articles), each with its attributions as source, cue and content spans. The
file holds only row ids and character offsets into those rows, never their text, so the
figures need the data folder and are skipped without it.

How the sample was drawn: every sentence of the 30 ner_uk news rows (``neruk-A_*``) and
two sentences each of randomly drawn Russian SemEval-2023 rows that contain a word from a
broad list of speech, report and opinion stems (wider than the cue lexicon, so that cues
the lexicon lacks are in the sample too), minus a few sentences of ner_uk interviews whose
attribution was unclear. Sentences with no attribution stay in: they measure precision.

What counts: a cue of saying, writing, reporting or holding an opinion (a verb such as
"заявив", a prepositional cue such as "за словами", "по данным", an impersonal or passive
report such as "повідомляється", "зазначено в повідомленні") with the words reported
(content) and who says them (source; none for an impersonal report). First-person
statements of the author ("вважаю", "на мою думку"), "варто зазначити", and verbs used in
another sense ("написав п'єсу") are not attributions; nor are hedges ("нібито") alone.
Content outside the sentence ("Про це повідомив ...") is not scored.

Matching is by overlap: a predicted attribution matches a gold one in the same sentence
when their cues share a character. Cue precision and recall count matched attributions;
source (content) recall is the share of gold attributions with a source (content) whose
match has an overlapping source (content); source (content) precision is the share of
predicted sources (contents) that overlap the source (content) of the gold attribution
their attribution matches.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from storydiff.attribute import Attribution, attribute
from storydiff.evaluate.cli import run_split_task
from storydiff.evaluate.datasets import data_dir, in_split
from storydiff.records import Article
from storydiff.segment import segment

GOLD = "data/attribution_ukru_gold.json"
ROLES = ("cue", "source", "content")
# "dev": sentences looked at while the uk/ru patterns were written; "heldout": annotated
# afterwards, blind to the extractor's output (the fair figure).
PARTS = ("heldout", "dev")
# Where the rows of each annotated dataset live (folder, file).
_FILES = {
    "ner_uk": ("ner_uk", "articles.jsonl"),
    "semeval23_t3": ("semeval23_t3", "articles.jsonl"),
}

Span = tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class GoldAttribution:
    """One annotated attribution (offsets into the row's text; ``None``: not there)."""

    source: Span | None
    cue: Span
    content: Span | None


@dataclass(frozen=True, kw_only=True)
class GoldSentence:
    """An annotated sentence of one data row, with all its attributions (maybe none)."""

    dataset: str
    lang: str
    part: str  # "dev" (seen while the patterns were written) or "heldout"
    row_id: str
    sentence: Span
    attributions: tuple[GoldAttribution, ...]


def load_gold() -> list[GoldSentence]:
    """The annotated sentences shipped with storydiff (offsets only)."""
    raw = json.loads(files("storydiff").joinpath(GOLD).read_text(encoding="utf-8"))
    out = []
    for s in raw["sentences"]:
        atts = tuple(
            GoldAttribution(
                source=_pair(a["source"]),
                cue=_pair(a["cue"]) or (0, 0),
                content=_pair(a["content"]),
            )
            for a in s["attributions"]
        )
        out.append(
            GoldSentence(
                dataset=s["dataset"],
                lang=s["lang"],
                part=s.get("part", "dev"),
                row_id=s["id"],
                sentence=(int(s["sentence"][0]), int(s["sentence"][1])),
                attributions=atts,
            )
        )
    return out


def _pair(value: Sequence[int] | None) -> Span | None:
    return None if value is None else (int(value[0]), int(value[1]))


def _rows(folder: Path, dataset: str, split: str | None) -> Iterator[dict[str, Any]]:
    sub, name = _FILES[dataset]
    path = folder / sub / name
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if in_split(row, split):
                    yield row


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def evaluate_ukru(
    path: str | os.PathLike[str] | None = None,
    *,
    split: str | None = None,
    method: str = "auto",
) -> dict[str, Any]:
    """Precision, recall and F1 per language and role on the annotated sample.

    Only sentences whose data row is in the folder (and in ``split``) are scored; a
    language with none is reported as skipped.
    """
    gold = load_gold()
    folder = data_dir(path)
    wanted = {g.row_id for g in gold}
    texts: dict[tuple[str, str], str] = {}
    for dataset in {g.dataset for g in gold}:
        for row in _rows(folder, dataset, split):
            if row["id"] in wanted:
                texts[dataset, str(row["id"])] = str(row["text"])
    out: dict[str, Any] = {}
    for lang in ("uk", "ru"):
        sents = [g for g in gold if g.lang == lang and (g.dataset, g.row_id) in texts]
        if not sents:
            out[lang] = {"skipped": "annotated rows not in the data folder"}
            continue
        preds: dict[str, list[Attribution]] = {}
        for row_id in dict.fromkeys(g.row_id for g in sents):
            dataset = next(g.dataset for g in sents if g.row_id == row_id)
            article = Article(id=row_id, text=texts[dataset, row_id], lang=lang)
            preds[row_id] = list(attribute(segment(article), method=method).attributions)
        out[lang] = {
            part: score_sentences([g for g in sents if g.part == part], preds)
            for part in PARTS
            if any(g.part == part for g in sents)
        }
    return out


def score_sentences(
    sents: Sequence[GoldSentence], preds: dict[str, list[Attribution]]
) -> dict[str, Any]:
    """Precision and recall per role over gold sentences, by overlap: a predicted cue
    matches the gold attribution whose cue it overlaps, and its source and content count
    when they overlap that attribution's."""
    # counts per role: [pred correct, pred total, gold found, gold total]
    counts = {r: [0, 0, 0, 0] for r in ROLES}
    for g in sents:
        s, e = g.sentence
        mine = [a for a in preds[g.row_id] if s <= a.cue.start < e]
        spans = [
            {
                "cue": (a.cue.start, a.cue.end),
                "source": None if a.source is None else (a.source.start, a.source.end),
                "content": None if a.content is None else (a.content.start, a.content.end),
            }
            for a in mine
        ]
        # "Петров и Иванова заявили" is one attribution per name, sharing the cue and the
        # whole phrase as source: the gold marks that phrase once, so it is scored once
        # (as PolNeAR's scorer counts a span once).
        spans = [dict(t) for t in dict.fromkeys(tuple(p.items()) for p in spans)]
        match = [
            next((ga for ga in g.attributions if _overlap(p["cue"], ga.cue)), None) for p in spans
        ]
        for role in ROLES:
            for p, ga in zip(spans, match, strict=True):
                if p[role] is None or (role == "content" and ga is not None and ga.content is None):
                    continue
                counts[role][1] += 1
                counts[role][0] += ga is not None and _overlap(p[role], getattr(ga, role))
            for ga in g.attributions:
                want = getattr(ga, role)
                if want is None:
                    continue
                counts[role][3] += 1
                counts[role][2] += any(
                    m is ga and _overlap(p[role], want) for p, m in zip(spans, match, strict=True)
                )
    return {
        "sentences": len(sents),
        "gold_attributions": sum(len(g.attributions) for g in sents),
        "scores": {r: _prf(*counts[r]) for r in ROLES},
    }


def _prf(tp_p: int, n_p: int, tp_r: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def markdown_table(results: dict[str, Any]) -> str:
    """One row per language and role."""
    head = (
        "Self-annotated uk/ru sample (overlap match; see storydiff/evaluate/attribution_ukru.py;"
        " heldout: annotated blind to the extractor, dev: seen while writing the patterns)"
        "\n\n| Language | Part | Sentences | Gold attributions | Role | Precision | Recall | F1 |"
        "\n| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |\n"
    )
    rows = []
    for lang, by_part in results.items():
        if "skipped" in by_part:
            rows.append(f"| {lang} | - | - | - | skipped: {by_part['skipped']} | | | |")
            continue
        for part, r in by_part.items():
            for role in ROLES:
                s = r["scores"][role]
                rows.append(
                    f"| {lang} | {part} | {r['sentences']} | {r['gold_attributions']} | {role} | "
                    f"{s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |"
                )
    return head + "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    run_split_task(
        "python -m storydiff.evaluate.attribution_ukru",
        __doc__,
        evaluate_ukru,
        markdown_table,
        argv,
    )


if __name__ == "__main__":
    main()
