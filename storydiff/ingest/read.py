"""Read inputs (files and stdin) into articles, never raising for one bad input.

Each input is read as bytes under a size limit, decoded (``storydiff.ingest.decode``),
read by its format (``storydiff.ingest.formats``) and cleaned
(``storydiff.ingest.clean``); every per-input failure becomes a ``Problem`` and reading goes
on with the other inputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from storydiff.errors import InputError
from storydiff.ingest.clean import article_from_text
from storydiff.ingest.decode import Decoded, decode
from storydiff.ingest.formats import format_of, from_html, from_json
from storydiff.ingest.problems import Ingested, Problem
from storydiff.records import Article
from storydiff.settings import Settings

STDIN_SOURCE = "<stdin>"


def read_inputs(
    paths: Sequence[str],
    *,
    outlets: Sequence[str] = (),
    titles: Sequence[str] = (),
    settings: Settings | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Ingested:
    """Read articles from ``paths`` (``"-"`` is ``stdin``), never raising for bad input.

    With no paths and a ``stdin`` given, stdin is the one input. ``outlets[i]`` and
    ``titles[i]`` name the outlet and headline of the i-th input; they apply only to inputs
    that hold one article (text, HTML, a single JSON object) and override what the input says.
    For JSON lists and JSONL they are not applied, and a note says so.

    Each unreadable, empty, binary, oversized (``settings.max_bytes``) or article-less input,
    and each bad JSON line, becomes a ``Problem``; reading continues with the rest. At most
    ``settings.max_articles`` articles are read; an article whose cleaned text equals an
    earlier one's (same id) is read once.

    Raises ``InputError`` only for a usage mistake: more outlets or titles than inputs.
    """
    settings = settings or Settings()
    inputs = [str(p) for p in paths] or (["-"] if stdin is not None else [])
    for name, values in (("outlet names", outlets), ("titles", titles)):
        if len(values) > len(inputs):
            raise InputError(f"{len(values)} {name} given for {len(inputs)} inputs")

    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, path in enumerate(inputs):
        source = STDIN_SOURCE if path == "-" else path
        if len(articles) >= settings.max_articles:
            problems.append(
                Problem(source=source, message=f"not read: {_limit_note(settings)} was reached")
            )
            continue
        outlet = outlets[i] if i < len(outlets) else ""
        title = titles[i] if i < len(titles) else ""
        for item in _read_one(path, source, stdin, settings, outlet=outlet, title=title):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            if item.id in seen:
                problems.append(
                    Problem(source=item.source, message=f"same text as {seen[item.id]}; read once")
                )
                continue
            if len(articles) >= settings.max_articles:
                problems.append(
                    Problem(
                        source=source,
                        message=f"stopped at {item.source}: {_limit_note(settings)} was reached",
                    )
                )
                break
            seen[item.id] = item.source
            articles.append(item)
    return Ingested(articles=tuple(articles), problems=tuple(problems))


def _limit_note(settings: Settings) -> str:
    return f"the limit of {settings.max_articles} articles (max_articles)"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


def _read_one(
    path: str,
    source: str,
    stdin: TextIO | BinaryIO | None,
    settings: Settings,
    *,
    outlet: str,
    title: str,
) -> Iterator[Article | Problem]:
    try:
        if path == "-":
            decoded = _read_stdin(stdin, settings.max_bytes)
            name = ""
        else:
            data = _read_file(Path(path), settings.max_bytes)
            name = path.lower()
            decoded = decode(data, html=name.endswith((".html", ".htm")))
        text = decoded.text
        if decoded.note:
            yield Problem(source=source, message=decoded.note, skipped=False)
        if not text.strip():
            raise InputError("empty file" if path != "-" else "empty input")
        fmt = format_of(name, text)
        if fmt in ("json-list", "jsonl") and (outlet or title):
            yield Problem(
                source=source,
                message="outlet/title not applied: the file holds a list of articles",
                skipped=False,
            )
        if fmt == "html":
            yield from_html(text, source, outlet=outlet, title=title)
        elif fmt == "text":
            yield article_from_text(text, source=source, title=title or None, outlet=outlet)
        else:
            yield from from_json(text, source, fmt, outlet=outlet, title=title)
    except InputError as err:
        yield Problem(source=source, message=_one_line(str(err)))


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "could not be read"


def _read_file(path: Path, limit: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError("is a folder, not a file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {_mb(size)}, over the {_mb(limit)} limit")
        with path.open("rb") as fh:
            # read one byte past the limit: special files report no size
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("cannot read: permission denied") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from None
    if len(data) > limit:
        raise InputError(f"file is over the {_mb(limit)} limit")
    return data


def _read_stdin(stdin: TextIO | BinaryIO | None, limit: int) -> Decoded:
    if stdin is None:
        raise InputError("nothing was piped in")
    try:
        data = stdin.read(limit + 1)
    except (OSError, ValueError) as err:  # write-only or closed (EBADF, "I/O on closed file")
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise InputError(f"cannot read standard input: {why}") from None
    if len(data) > limit:
        raise InputError(f"input is over the {_mb(limit)} limit")
    if isinstance(data, bytes):
        return decode(data, html=False)
    if "\x00" in data[:8192]:
        raise InputError("binary input (not text)")
    return Decoded(text=data)
