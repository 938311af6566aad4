"""Name extraction and transliteration-aware name keys against ner_uk's gold entities.

    python -m storydiff.evaluate.entitykeys [--data DIR] [--split NAME]

The same-story score compares the names of two articles as sound keys
(``storydiff.samestory.names``: capitalised words not at a sentence start, each keyed by
``storydiff.relate.tokens.sound_key``). ner_uk (147 real Ukrainian texts with gold
PERS/ORG/LOC/MISC entities) tells how well that works on real Ukrainian:

* **extraction**: precision is the share of extracted words that lie inside a gold entity
  of any type; recall, per type, the share of gold entities with at least one extracted word.
* **consistency**: a gold entity named in several inflected forms ("Київ", "Києва",
  "Києві") should get one key. Mentions are grouped by type and the pymorphy3 lemmas of
  their words; a group with two or more different surface forms is consistent when all its
  mentions give the same keys.
* **collisions**: two different gold names (different lemma groups) that get the same
  key, among single-word PERS/ORG/LOC names: across the corpus (full key, and the first
  three characters that ``names_match`` compares) and within one text, which is where a
  collision can make two names look like one.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from storydiff.errors import InputError
from storydiff.evaluate.cli import run_split_task
from storydiff.evaluate.datasets import data_dir, read_jsonl
from storydiff.records import Article
from storydiff.relate.tokens import sound_key
from storydiff.samestory import NAME
from storydiff.segment import segment
from storydiff.text.words import JOINED_WORD

TYPES = ("PERS", "ORG", "LOC")


@lru_cache(maxsize=1)
def _morph() -> Any | None:
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="uk")
    except Exception:
        return None


def _lemma(text: str, etype: str) -> str:
    morph = _morph()
    words = JOINED_WORD.findall(text.casefold())
    if morph is None:
        return " ".join(words)
    return " ".join(_typed_lemma(morph, w, etype) for w in words)


def _typed_lemma(morph: Any, word: str, etype: str) -> str:
    """The lemma of a name's word, preferring the reading its gold type implies: a place
    or body is inanimate ("Києві" is Київ, not the name Кий), a person animate."""
    parses = morph.parse(word)
    want = "anim" if etype == "PERS" else "inan"
    fitting = [p for p in parses if p.tag.POS == "NOUN" and want in p.tag]
    return str((fitting or parses)[0].normal_form)


def _keys(text: str) -> tuple[str, ...]:
    """The keys ``samestory.names`` gives the words of a name (capitalised, 3+ letters)."""
    out = []
    for m in NAME.finditer(" " + text):  # the leading space: no word is sentence-initial
        key = sound_key(m.group())
        if len(key) >= 2:
            out.append(key)
    return tuple(out)


def evaluate_entity_keys(
    path: str | os.PathLike[str] | None = None, *, split: str | None = None
) -> dict[str, Any]:
    """Extraction precision/recall, key consistency and collisions on ner_uk."""
    try:
        rows = list(read_jsonl(data_dir(path) / "ner_uk" / "articles.jsonl", split))
    except InputError:
        return {"skipped": "ner_uk not in the data folder"}
    extracted = inside = 0
    found = dict.fromkeys(TYPES, 0)
    total = dict.fromkeys(TYPES, 0)
    groups: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
    local_names = local_shared = 0
    for row in rows:
        text = str(row["text"])
        gold = list(row["labels"]["entities"])
        seg = segment(Article(id=str(row["id"]), text=text, lang="uk"))
        words = [
            (s.start + m.start(), s.start + m.end())
            for s in seg.sentences
            for m in NAME.finditer(s.text)
            if m.start() > 0 and len(sound_key(m.group())) >= 2
        ]
        extracted += len(words)
        inside += sum(any(e["start"] <= a and b <= e["end"] for e in gold) for a, b in words)
        for e in gold:
            if e["type"] not in TYPES:
                continue
            total[e["type"]] += 1
            found[e["type"]] += any(e["start"] <= a and b <= e["end"] for a, b in words)
        here: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
        for e in gold:
            keys = _keys(e["text"])
            if e["type"] in TYPES and keys:
                here[e["type"], _lemma(e["text"], e["type"])].add((e["text"], keys))
        for k, v in here.items():
            groups[k] |= v
        local = _collisions(here)
        local_names += local["names"]
        local_shared += round(local["share_full_key"] * local["names"])
    varied = [g for g in groups.values() if len({t for t, _ in g}) > 1]
    consistent = sum(len({k for _, k in g}) == 1 for g in varied)
    return {
        "articles": len(rows),
        "extraction": {
            "words": extracted,
            "precision": _ratio(inside, extracted),
            "recall": {t: _ratio(found[t], total[t]) for t in TYPES},
            "gold": total,
        },
        "consistency": {
            "names_with_several_forms": len(varied),
            "one_key": _ratio(consistent, len(varied)),
        },
        "collisions": {
            **_collisions(groups),
            "share_full_key_same_text": _ratio(local_shared, local_names),
        },
    }


def _collisions(groups: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]]) -> dict[str, Any]:
    """Share of single-word names whose key (or 3-character prefix) another name shares."""
    by_key: dict[str, set[str]] = defaultdict(set)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    names = set()
    for (_, lemma), forms in groups.items():
        if " " in lemma:
            continue
        names.add(lemma)
        for _, keys in forms:
            by_key[keys[0]].add(lemma)
            by_prefix[keys[0][:3]].add(lemma)
    shared = {n for ls in by_key.values() if len(ls) > 1 for n in ls}
    shared3 = {n for ls in by_prefix.values() if len(ls) > 1 for n in ls}
    return {
        "names": len(names),
        "share_full_key": _ratio(len(shared), len(names)),
        "share_prefix3": _ratio(len(shared3), len(names)),
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def markdown_table(results: dict[str, Any]) -> str:
    """The figures as a small Markdown table."""
    if "skipped" in results:
        return f"ner_uk name keys: skipped ({results['skipped']})\n"
    ex, co, cl = results["extraction"], results["consistency"], results["collisions"]
    rec = ", ".join(f"{t} {ex['recall'][t]:.3f} (of {ex['gold'][t]})" for t in TYPES)
    return (
        f"ner_uk name keys ({results['articles']} texts; samestory.names and sound_key)\n\n"
        "| Measure | Value |\n| --- | ---: |\n"
        f"| extraction precision ({ex['words']} words inside a gold entity) | "
        f"{ex['precision']:.3f} |\n"
        f"| extraction recall per type | {rec} |\n"
        f"| one key for all forms of a name ({co['names_with_several_forms']} names with "
        f"several forms) | {co['one_key']:.3f} |\n"
        f"| names sharing their full key with another name ({cl['names']} one-word names) | "
        f"{cl['share_full_key']:.3f} |\n"
        f"| names sharing the 3-character prefix `names_match` compares | "
        f"{cl['share_prefix3']:.3f} |\n"
        "| names sharing their full key with another name of the same text | "
        f"{cl['share_full_key_same_text']:.3f} |\n"
    )


def main(argv: Sequence[str] | None = None) -> None:
    run_split_task(
        "python -m storydiff.evaluate.entitykeys",
        __doc__,
        evaluate_entity_keys,
        markdown_table,
        argv,
    )


if __name__ == "__main__":
    main()
