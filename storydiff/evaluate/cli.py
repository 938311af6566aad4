"""What every task module's ``python -m storydiff.evaluate.TASK`` shares: the ``--data``,
``--split`` and ``--json`` options and the way the figures are printed.

One declaration keeps a flag meaning the same thing in every task, and each task's
``main`` down to what is its own (its options, the function it calls).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

Results = dict[str, Any]


def task_parser(
    prog: str,
    *,
    description: str | None = None,
    split: str | Literal[False] | None = None,
    split_help: str | None = None,
    json_output: Literal["path", "flag"] = "path",
) -> argparse.ArgumentParser:
    """A parser with ``--data``, ``--split`` (default ``split``; ``False``: no such option)
    and ``--json``: a path to also write the figures to, or (``"flag"``) print JSON
    instead of the Markdown table."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--data", default=None, help="data folder (default: $STORYDIFF_DATA)")
    if split is not False:
        parser.add_argument("--split", default=split, help=split_help)
    if json_output == "flag":
        parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    else:
        parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    return parser


def say(line: str) -> None:
    """Progress for a person watching: one line on stderr, at once."""
    print(line, file=sys.stderr, flush=True)


def print_results(results: Results, table: Callable[[Results], str], as_json: bool) -> None:
    """The figures as JSON (``--json`` given as a flag) or as the task's Markdown table."""
    print(json.dumps(results, indent=2) if as_json else table(results))


def print_timed(
    results: Results, table: Callable[[Results], str], started: float, json_path: str | None
) -> None:
    """The table, then the time of each step (``results["timings"]`` gets the total since
    ``started``), and the figures saved as JSON when ``json_path`` is given."""
    results["timings"]["total"] = time.perf_counter() - started
    print(table(results))
    print("\ntimings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in results["timings"].items()))
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def run_split_task(
    prog: str,
    doc: str | None,
    evaluate: Callable[..., Results],
    table: Callable[[Results], str],
    argv: Sequence[str] | None,
) -> None:
    """The whole ``main`` of a task whose options are ``--data``, ``--split`` and ``--json``
    (a flag): ``evaluate(data, split=...)``, printed as a table or as JSON."""
    description = doc.splitlines()[0] if doc else None
    parser = task_parser(prog, description=description, json_output="flag")
    args = parser.parse_args(argv)
    print_results(evaluate(args.data, split=args.split), table, args.json)
