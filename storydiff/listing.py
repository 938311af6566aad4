"""What ``storydiff stories`` and ``storydiff outlets list`` print: one story or outlet a line.

Kept out of ``storydiff.cli`` (which parses and delegates) because the lines are an output
a reader learns to scan, like a renderer's: one line per story (id, size, outlets, dates,
title), and under it, once the user has imported an outlet table, the story's coverage by
group; ``--json`` prints the same records as JSON objects (docs/json.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storydiff.outlets import Byline, OutletIndex, groups_line, outlets_rows
from storydiff.store import Blindspot, StoryInfo

# Under a story's line, the coverage line starts below its title column.
_INDENT = " " * 20
_ABOUT = ("domain", "country", "language", "owner")


def story_row(info: StoryInfo, spot: Blindspot | None = None) -> dict[str, Any]:
    """A story as one JSON object: its fields, and ``blindspot`` when it is one."""
    row: dict[str, Any] = {**vars(info), "outlets": list(info.outlets)}
    if spot is not None:
        row["blindspot"] = {"group": spot.group, "share": round(spot.share, 3)}
    return row


def story_lines(
    stories: Sequence[StoryInfo],
    *,
    spots: Mapping[str, Blindspot] | None = None,
    as_json: bool = False,
) -> list[str]:
    """Stories as lines: text for a terminal, or one JSON object each."""
    spots = spots or {}
    lines = []
    for s in stories:
        spot = spots.get(s.id)
        if as_json:
            lines.append(json.dumps(story_row(s, spot), ensure_ascii=False))
            continue
        span = f"{s.first_date}..{s.last_date or s.first_date}" if s.first_date else "undated"
        n = len(s.outlets)
        outlets = f"{n} outlet{'' if n == 1 else 's'}" if n else "no outlet names"
        title = " ".join((s.title or "").split())[:60]
        lines.append(f"{s.id}  {s.size:>4} articles  {outlets:<15}  {span:<22}  {title}")
        if s.groups:
            mostly = f"mostly {spot.group} ({spot.share:.0%}) · " if spot else ""
            lines.append(f"{_INDENT}by group: {mostly}{groups_line(s.groups)}")
    return lines


def outlet_lines(index: OutletIndex, bylines: Iterable[Byline], *, as_json: bool) -> list[str]:
    """The outlet table, each outlet with the number of articles matched to it."""
    matched: dict[str, int] = {}
    for line in bylines:
        if (found := index.match(line.outlet, line.url)) is not None:
            matched[found.key] = matched.get(found.key, 0) + 1
    lines = []
    for row in outlets_rows(index.outlets):
        row["articles"] = matched.get(row["key"], 0)
        if as_json:
            lines.append(json.dumps(row, ensure_ascii=False))
            continue
        about = " · ".join(
            str(row[k]) for k in ("domain", "country", "language", "owner") if row[k]
        )
        group = row["group"] or "-"
        lines.append(f"{row['name']:<30} {group:<10} {row['articles']:>6} articles  {about}")
    return lines


__all__ = ["outlet_lines", "story_lines", "story_row"]
