"""Text to articles, by format: plain text, HTML (via trafilatura), JSON and JSONL.

The format comes from the file's extension; stdin and unknown extensions are sniffed from
the content. JSON fields: ``text``, ``title``, ``outlet``, ``date``, ``lang``, ``url``; the
id is always a hash of the cleaned text, the object's own ``id`` is kept as ``source_id``
and every other field as ``metadata`` (``storydiff.ingest.fields``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storydiff.errors import InputError
from storydiff.ingest.clean import article_from_text, headline_key, metadata_field, word_count
from storydiff.ingest.fields import metadata_of, source_id_of
from storydiff.ingest.problems import Problem
from storydiff.records import Article

# Fewer words than this outside the headline: trafilatura found page chrome, not an article.
_MIN_HTML_WORDS = 10


def format_of(name: str, text: str) -> str:
    """``html``, ``json``, ``json-list``, ``jsonl`` or ``text``, for a file called ``name``
    (lower case; "" for stdin) holding ``text``."""
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    head = text.lstrip()[:1000]
    if name.endswith(".json"):
        return "json-list" if head.startswith("[") else "json"
    if name.endswith((".txt", ".text", ".md")):
        return "text"
    # stdin or an unknown extension: sniff
    low = head.lower()
    if low.startswith(("<!doctype html", "<html")) or (
        low.startswith("<") and any(tag in low for tag in ("<html", "<body", "<p", "<article"))
    ):
        return "html"
    if head.startswith(("{", "[")):
        first = text.lstrip().split("\n", 1)[0]
        for fmt, candidate in (("json", text), ("jsonl", first)):
            try:
                value = json.loads(candidate)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict) and ("text" in value or "title" in value):
                return fmt
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return "json-list"
    return "text"


def from_html(html: str, source: str, *, outlet: str, title: str) -> Article:
    """The main text of an HTML page, with its title, date, site name (the outlet) and
    canonical URL, offline; scripts, styles and attributes never reach the text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as err:  # lxml and trafilatura fail in many ways on junk HTML
        raise InputError(f"could not parse the HTML ({type(err).__name__})") from None
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    headline = title or metadata_field(meta.get("title")) or None
    key = headline_key(headline or "")
    words = sum(word_count(line) for line in text.split("\n") if headline_key(line) != key)
    if words < _MIN_HTML_WORDS:
        raise InputError("no article text found in the HTML")
    return article_from_text(
        text,
        source=source,
        title=headline,
        outlet=outlet or metadata_field(meta.get("sitename")),
        date=metadata_field(meta.get("date")),
        url=metadata_field(meta.get("url")),
    )


def from_json(
    text: str, source: str, fmt: str, *, outlet: str, title: str
) -> Iterator[Article | Problem]:
    """The articles of a ``json``, ``json-list`` or ``jsonl`` text; ``outlet`` and ``title``
    apply to a single object only. A bad line or item is a ``Problem``, the rest is read."""
    if fmt == "jsonl":
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except (ValueError, RecursionError) as err:
                yield Problem(source=source, message=f"line {n}: not valid JSON ({_why(err)})")
                continue
            yield _from_record(value, f"{source}:{n}", source, f"line {n}")
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise InputError(f"not valid JSON ({_why(err)})") from None
    if isinstance(value, list):
        for n, item in enumerate(value):
            yield _from_record(item, f"{source}[{n}]", source, f"item {n}")
    elif isinstance(value, dict):
        yield _from_record(value, source, source, "", outlet=outlet, title=title)
    else:
        raise InputError(f"JSON holds a {type(value).__name__}, not an article object or a list")


def _why(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}" if err.lineno == 1 else str(err)
    return "nested too deeply" if isinstance(err, RecursionError) else str(err)


def _from_record(
    value: object, source: str, file: str, where: str, *, outlet: str = "", title: str = ""
) -> Article | Problem:
    """One JSON article named ``source``; problems go to ``file``, prefixed with ``where``."""
    try:
        if not isinstance(value, dict):
            raise InputError("not a JSON object")
        text = value.get("text")
        if text is not None and not isinstance(text, str):
            raise InputError('"text" is not a string')
        headline = title or metadata_field(value.get("title"))
        if not (text or "").strip() and not headline:
            raise InputError('no "text" or "title"')
        return article_from_text(
            text or "",
            source=source,
            title=headline,
            outlet=outlet or metadata_field(value.get("outlet")),
            date=metadata_field(value.get("date")),
            lang=metadata_field(value.get("lang")),
            url=metadata_field(value.get("url")),
            source_id=source_id_of(value),
            metadata=metadata_of(value),
        )
    except InputError as err:
        return Problem(source=file, message=f"{where}: {err}" if where else str(err))
