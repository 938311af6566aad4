"""``make eval``: every quality figure from one command, with floors that CI enforces.

    python -m storydiff.evaluate --data ../shared/data [--write docs/benchmarks.md]
        [--only samestory,alignment,...] [--check] [--split test]

``--split NAME`` scores only the rows of each dataset that belong to split ``NAME``: a row
with a ``split`` field must name it, and a row without one (a dataset that has no split
field, such as a held-back copy of BASIL) belongs to every split. Without ``--split`` each
task uses its development choice (PolNeAR dev, MSRP's held-out fifth, BABE's held-out URLs).
So anyone can point the harness at a folder of the same layout as ``../shared/data``.

Each task writes its own section of docs/benchmarks.md. ``--check`` compares the
figures with ``floors.json`` beside this file and exits 1 when one falls below its floor;
a floor is only ever raised, and any change to it is a reviewed edit of that file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storydiff.evaluate.benchdoc import write_section

FLOORS = Path(__file__).with_name("floors.json")
TASKS = (
    "samestory",
    "alignment",
    "crosslingual",
    "relations",
    "framing",
    "attribution",
    "clustering",
)


def _samestory(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate.samestory import evaluate_same_story, markdown_table

    r = evaluate_same_story(data, progress=_say, split=split)
    return r, markdown_table(r)


def _alignment(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate.alignment import evaluate_alignment, markdown_table

    r = evaluate_alignment(data, progress=_say, split=split)
    return r, markdown_table(r)


def _crosslingual(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate.crosslingual import evaluate_crosslingual, markdown_table

    r = evaluate_crosslingual(data, progress=_say, split=split)
    return r, markdown_table(r)


def _relations(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate.relations import evaluate_relations, markdown_table

    r = evaluate_relations(data, split=split)
    return r, markdown_table(r)


def _framing(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.embed import load_embedder
    from storydiff.evaluate.framing import evaluate_framing, markdown_table

    r = evaluate_framing(data, load_embedder("e5-small"), split=split)
    return r, markdown_table(r)


def _attribution(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate import attribution_ukru, entitykeys
    from storydiff.evaluate.attribution import evaluate_attribution, markdown_table

    r = evaluate_attribution(data, split=split or "dev")
    # Real Ukrainian and Russian text beside PolNeAR's English (skipped without the rows).
    r["ukru"] = attribution_ukru.evaluate_ukru(data, split=split)
    r["entity_keys"] = entitykeys.evaluate_entity_keys(data, split=split)
    tables = (
        markdown_table(r),
        attribution_ukru.markdown_table(r["ukru"]),
        entitykeys.markdown_table(r["entity_keys"]),
    )
    return r, "\n".join(tables)


def _clustering(data: Path, split: str | None) -> tuple[dict[str, Any], str]:
    from storydiff.evaluate.clustering import evaluate_clustering, markdown_table

    r = evaluate_clustering(data, progress=_say, split=split)
    return r, markdown_table(r)


RUNNERS: dict[str, tuple[str, Callable[[Path, str | None], tuple[dict[str, Any], str]]]] = {
    "samestory": ("Same story (BASIL and ECB+ with AllSides distractors)", _samestory),
    "alignment": ("Cross-outlet alignment (NewsWCL50, ECB+)", _alignment),
    "crosslingual": ("Cross-language alignment (MEANTIME translations)", _crosslingual),
    "relations": ("Relations (SICK, MSRP, ClaimDiff)", _relations),
    "framing": ("Framing (BABE, PTC, SemEval-2023, BASIL)", _framing),
    "attribution": ("Attribution (PolNeAR en, uk/ru sample, ner_uk name keys)", _attribution),
    "clustering": ("Story clustering (same-story groups in an AllSides-ABP stream)", _clustering),
}


def _say(line: str) -> None:
    print(f"  {line}", file=sys.stderr)


def lookup(results: dict[str, Any], path: str) -> float | None:
    """``"samestory/BASIL/storydiff/auc"``-style path into nested results (lists of dicts
    are searched by their ``name``/``system``/``dataset`` fields)."""
    node: Any = results
    for part in path.split("/"):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            node = next(
                (
                    x
                    for x in node
                    if isinstance(x, dict)
                    and part in (x.get("name"), x.get("system"), x.get("dataset"))
                ),
                None,
            )
        else:
            return None
        if node is None:
            return None
    return float(node) if isinstance(node, int | float) else None


def _skipped(results: dict[str, Any], path: str) -> bool:
    """Whether a section on ``path`` reports itself skipped (``{"skipped": reason}``)."""
    node: Any = results
    for part in path.split("/"):
        if isinstance(node, list):  # searched by name, as lookup does
            node = next((x for x in node if isinstance(x, dict) and part in x.values()), None)
        if not isinstance(node, dict):
            return False
        if "skipped" in node:
            return True
        node = node.get(part)
    return False


def check(results: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Messages for every floor that the results fall below (or cannot be found)."""
    problems = []
    for path, floor in floors.items():
        task = path.split("/", 1)[0]
        if task not in results:
            continue
        value = lookup(results, path)
        if value is None and _skipped(results, path):
            continue  # its data is not in this folder or split (the section says so)
        if value is None:
            problems.append(f"{path}: figure not found in the results")
        elif value < floor:
            problems.append(f"{path}: {value:.4f} is below its floor {floor:.4f}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="storydiff quality evaluation")
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--only", default=",".join(TASKS), help="comma-separated tasks")
    parser.add_argument("--write", metavar="PATH", help="update sections of this Markdown file")
    parser.add_argument("--json", metavar="PATH", help="also write all figures as JSON")
    parser.add_argument("--check", action="store_true", help="fail below the floors")
    parser.add_argument(
        "--split",
        default=None,
        help="score only rows of this split (rows without a split field always count)",
    )
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not data.is_dir():
        print(f"storydiff: evaluation data not found at {data} (set STORYDIFF_DATA)")
        return 0 if args.check else 2
    results: dict[str, Any] = {}
    for task in [t.strip() for t in args.only.split(",") if t.strip()]:
        heading, run = RUNNERS[task]
        print(f"{task}: running", file=sys.stderr)
        t = time.perf_counter()
        result, table = run(data, args.split)
        seconds = time.perf_counter() - t
        results[task] = result
        print(f"## {heading}\n\n{table}\n", flush=True)
        if args.write:
            cmd = f"python -m storydiff.evaluate --only {task} --write {args.write}"
            if args.split:
                cmd += f" --split {args.split}"
            body = f"{table}\n\nWall time: {seconds:.0f} s."
            write_section(Path(args.write), f"eval-{task}", heading, body, cmd)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if args.check:
        floors = json.loads(FLOORS.read_text(encoding="utf-8"))
        problems = check(results, floors)
        for p in problems:
            print(f"storydiff: quality floor: {p}", file=sys.stderr)
        if problems:
            return 1
        print(f"quality floors: {len(floors)} checked, all met", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
