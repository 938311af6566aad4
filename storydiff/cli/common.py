"""What the command line's commands share: the option groups, the command record, and the
few ways they talk to the user (messages, progress, colour, writing the report)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydiff.settings import (
    CACHE,
    COLOR,
    DB,
    EMBEDDER,
    EMBEDDER_MODEL,
    FORMAT,
    OUTPUT,
    PIPELINE_OPTIONS,
    Option,
    Settings,
)

PROG = "storydiff"

# Options that several commands share, each group one argparse parent parser: a group is
# spelled, defaulted and passed on to the pipeline alike wherever it appears.
GROUPS: dict[str, tuple[Option[Any], ...]] = {
    "pipeline": PIPELINE_OPTIONS,
    "embedding": (EMBEDDER, EMBEDDER_MODEL, CACHE),  # ingest embeds, it does not relate
    "report": (FORMAT, OUTPUT, COLOR),
    "store": (DB,),
}


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """A command's positional argument: what it reads or acts on."""

    name: str
    nargs: str | int | None = None
    metavar: str
    help: str


@dataclass(frozen=True, kw_only=True)
class Command:
    """One subcommand: its help, what it takes (shared groups, then its own options), its job."""

    help: str
    run: Callable[[argparse.Namespace], int]
    description: str | None = None
    inputs: Inputs | None = None
    shared: tuple[str, ...] = ()
    own: tuple[Option[Any], ...] = ()

    def options(self) -> tuple[Option[Any], ...]:
        """Every option the command takes, in the order of its help."""
        return (*(o for group in self.shared for o in GROUPS[group]), *self.own)


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def settings_of(args: argparse.Namespace) -> Settings:
    """The pipeline settings a command's flags chose; what it does not take keeps its default."""
    chosen = {o.name: getattr(args, o.name) for o in PIPELINE_OPTIONS if hasattr(args, o.name)}
    return Settings(**chosen)


def color(args: argparse.Namespace) -> bool:
    """Colours for the text view: asked for, or a terminal that did not opt out (NO_COLOR)."""
    return args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )


def progress_bar() -> Callable[[int, int], None] | None:
    """A one-line bar on stderr when it is a terminal; lines every ~10% otherwise."""
    tty = sys.stderr.isatty()
    shown = [-1]

    def show(done: int, total: int) -> None:
        if total < 2 * 256:  # short jobs finish before a bar would help
            return
        if not tty:
            tenth = 10 * done // total
            if tenth > shown[0]:
                shown[0] = tenth
                say(f"  embedded {done:,}/{total:,} sentences")
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        print(f"\r{PROG}: embedding sentences {bar} {done}/{total}", end=end, file=sys.stderr)

    return show


_STAGES = {
    "segment": "splitting {n} articles into sentences",
    "embed": "embedding the sentences",
    "same_story": "scoring whether they tell the same story",
    "align": "aligning sentences into facts",
    "relate": "relating each fact's versions (agree, partial, conflict)",
    "frame": "comparing their wording",
    "sources": "finding who says what",
}


def stage_lines(n: int) -> Callable[[str], None]:
    """One line on stderr as each step of a comparison of ``n`` articles starts."""
    import time

    start = time.perf_counter()

    def show(stage: str) -> None:
        what = _STAGES.get(stage, stage).format(n=n)
        say(f"[{time.perf_counter() - start:6.1f} s] {what}")

    return show


def write(out: str, path: str | None) -> None:
    if path:
        Path(path).write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
        say(f"wrote {path}")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
