"""Outlets as records: the user's outlet table, matched to articles, and coverage by group.

What researchers open Ground News and AllSides for is coverage by lean, country or owner,
and the stories one side leaves alone. storydiff bundles no ratings: the user imports their
own table (``storydiff outlets import FILE``, a CSV or JSON with ``name``, ``domain``,
``country``, ``language``, ``group`` and any other columns), and each article is matched to
an outlet

1. by the domain of its URL (``edition.cnn.com`` matches ``cnn.com``; ``www.`` is ignored),
2. else by its outlet name, casefolded and without punctuation or spaces ("The Hill",
   "the-hill" and "THE HILL" are one outlet).

A story's coverage counts its articles per group, every group of the table shown (a zero is
what a blindspot is made of); ``blindspot_group`` says which group, if any, covers it
mostly (see ``storydiff.settings.BLINDSPOT_SHARE``).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storydiff.errors import InputError
from storydiff.records import Outlet

# The columns that become an ``Outlet``'s fields; a group may be called by the name the
# user's ratings use for it. Every other column goes to ``Outlet.extra``.
GROUP_COLUMNS = ("group", "lean", "leaning", "bias")
OUTLET_COLUMNS = ("name", "domain", "country", "language", "owner")


def name_key(name: str) -> str:
    """``name`` as outlets are matched by: casefolded, letters and digits only.

    Punctuation, spaces and accents' compatibility forms do not tell outlets apart in
    bylines ("USA TODAY" / "USA Today", "Fox News" / "fox-news").
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` (or of a bare host name), lower case, without ``www.`` or a port."""
    text = (url or "").strip()
    if not text:
        return None
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = host.rstrip(".").removeprefix("www.")
    return host if "." in host else None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def outlet_from_row(row: Mapping[str, Any]) -> Outlet:
    """One outlet from a row of the user's table; ``InputError`` when it has no name."""
    name = _text(row.get("name"))
    if not name or not name_key(name):
        raise InputError('no "name"')
    group = next((g for c in GROUP_COLUMNS if (g := _text(row.get(c)))), None)
    known = {*OUTLET_COLUMNS, *GROUP_COLUMNS}
    return Outlet(
        key=name_key(name),
        name=name,
        domain=domain_of(_text(row.get("domain"))),
        country=_text(row.get("country")),
        language=_text(row.get("language") or row.get("lang")),
        group=group,
        owner=_text(row.get("owner")),
        extra={
            str(k): v
            for k, v in row.items()
            if k not in known and k != "lang" and v not in (None, "")
        },
    )


def read_outlets(path: str | Path) -> list[Outlet]:
    """The outlets of a CSV, JSON (a list of objects, or ``{"outlets": [...]}``) or JSONL file.

    A row without a name is an ``InputError`` naming its line or item: an outlet table is
    short and hand-made, and a silently skipped row would count its articles as ungrouped.
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith(".csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[tuple[str, Any]] = [
                (f"line {n}", row) for n, row in enumerate(csv.DictReader(fh), 2)
            ]
    elif name.endswith((".jsonl", ".ndjson")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [(f"line {n}", _json(line)) for n, line in enumerate(lines, 1) if line.strip()]
    elif name.endswith(".json"):
        value = _json(path.read_text(encoding="utf-8"))
        if isinstance(value, dict):
            value = value.get("outlets")
        if not isinstance(value, list):
            raise InputError(f'{path}: expected a list of outlets or {{"outlets": [...]}}')
        rows = [(f"item {n}", item) for n, item in enumerate(value)]
    else:
        raise InputError(f"{path}: an outlet table is a .csv, .json or .jsonl file")
    outlets = []
    for where, row in rows:
        if not isinstance(row, dict):
            raise InputError(f"{path}, {where}: not an object")
        try:
            outlets.append(outlet_from_row(row))
        except InputError as err:
            raise InputError(f"{path}, {where}: {err}") from None
    return outlets


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as err:
        raise InputError(f"not valid JSON ({err})") from None


@dataclass(frozen=True, kw_only=True)
class Byline:
    """Who published one article of a story: what coverage is counted from, without texts."""

    story_id: str
    outlet: str | None
    url: str | None


class OutletIndex:
    """The user's outlets by domain and by name key, for matching articles to them."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets = tuple(outlets)
        self._by_domain = {o.domain: o for o in reversed(self.outlets) if o.domain}
        self._by_key = {o.key: o for o in self.outlets}
        # Groups in the order the table first names them: the user's order (left, center,
        # right), not an alphabet's.
        self.groups = tuple(dict.fromkeys(o.group for o in self.outlets if o.group))

    def match(self, outlet: str | None, url: str | None) -> Outlet | None:
        """The outlet of an article named ``outlet`` at ``url``: by domain, else by name."""
        host = domain_of(url)
        while host and "." in host:
            if (found := self._by_domain.get(host)) is not None:
                return found
            host = host.partition(".")[2]
        return self._by_key.get(name_key(outlet)) if outlet else None

    def groups_of(self, bylines: Iterable[Byline]) -> dict[str, int]:
        """Articles per group, every group of the table in its order, zeros included.

        Articles of no known outlet, or of an outlet without a group, are not counted.
        """
        counts = dict.fromkeys(self.groups, 0)
        for line in bylines:
            found = self.match(line.outlet, line.url)
            if found is not None and found.group:
                counts[found.group] += 1
        return counts


def blindspot_group(groups: Mapping[str, int], *, share: float, min_articles: int) -> str | None:
    """The group that covers a story mostly: at least ``share`` of its grouped articles,
    with at least ``min_articles`` grouped; None otherwise."""
    total = sum(groups.values())
    if total < min_articles or total == 0:
        return None
    group, most = max(groups.items(), key=lambda kv: kv[1])
    return group if most / total >= share else None


def groups_line(groups: Mapping[str, int]) -> str:
    """Coverage as one line: ``left 3 · center 1 · right 0``."""
    return " · ".join(f"{group} {n}" for group, n in groups.items())


def stories_by_group(bylines: Iterable[Byline], index: OutletIndex) -> dict[str, dict[str, int]]:
    """Coverage of every story named in ``bylines`` (grouped by ``story_id``)."""
    per_story: dict[str, list[Byline]] = {}
    for line in bylines:
        per_story.setdefault(line.story_id, []).append(line)
    return {sid: index.groups_of(lines) for sid, lines in per_story.items()}


def outlets_rows(outlets: Sequence[Outlet]) -> list[dict[str, Any]]:
    """The outlets as JSON objects, ``extra`` columns beside the named fields."""
    return [
        {
            "name": o.name,
            "key": o.key,
            "domain": o.domain,
            "country": o.country,
            "language": o.language,
            "group": o.group,
            "owner": o.owner,
            "extra": o.extra,
        }
        for o in outlets
    ]


__all__ = [
    "GROUP_COLUMNS",
    "OUTLET_COLUMNS",
    "Byline",
    "OutletIndex",
    "blindspot_group",
    "domain_of",
    "groups_line",
    "name_key",
    "outlet_from_row",
    "outlets_rows",
    "read_outlets",
    "stories_by_group",
]
