"""Read articles from files and stdin, and take scraping noise out of them.

Formats, by file extension (stdin and unknown extensions are sniffed from the content):

- ``.txt`` and other text: one article; a short first line without sentence punctuation is
  the headline.
- ``.html`` / ``.htm``: trafilatura extracts the main text and the title, date, site name
  (the outlet) and canonical URL, offline. Scripts, styles and attributes never reach the text.
- ``.json``: one article object or a list of them; ``.jsonl``: one object per line. Fields:
  ``text``, ``title``, ``outlet``, ``date``, ``lang``, ``url`` (others, ``id`` included, are
  ignored: the id is always a hash of the cleaned text).

Encodings: UTF-8, or UTF-8/16/32 with a byte-order mark. Text that is not valid UTF-8 is read as
Windows-1251 or KOI8-R when it decodes to plausible Cyrillic words, or as Windows-1252 when it
decodes to accented letters inside Latin words; each such guess is reported as a note (a
``Problem`` with ``skipped=False``) so a wrong guess is never silent. A mostly-UTF-8 file with a
few bad bytes is read with U+FFFD in their place, also with a note. Anything else is skipped
with a one-line message: nothing is ever silently garbled.

Every per-input failure becomes a ``Problem`` and reading goes on with the other inputs.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ftfy import fix_encoding
from ftfy.badness import is_bad

from storydiff.errors import InputError
from storydiff.records import Article, Removal
from storydiff.settings import Settings

STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Something wrong with one input, as one human-readable line.

    ``skipped`` is True when the input (or the part of it named in ``message``) was left out,
    False for a note about an input that was read anyway (e.g. an encoding guess).
    """

    source: str
    message: str
    skipped: bool = True


@dataclass(frozen=True, kw_only=True)
class Ingested:
    """The articles read from all inputs, and the problems met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


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


def article_id(text: str) -> str:
    """Content hash of the cleaned text (sha256, first 16 hex digits): re-ingest is idempotent."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_from_text(
    raw: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    lang: str | None = None,
    url: str | None = None,
) -> Article:
    """Clean ``raw`` into an ``Article``, recording every noise line removed.

    Newlines are normalised, trailing space is stripped from each line, runs of blank lines
    become one, and invisible characters (controls, soft hyphens, zero-width spaces) go.
    Noise lines removed, each kept as a ``Removal`` with its 1-based line in ``raw``: comment
    counters (a lone number between the headline and the body or next to comment noise,
    "12 comments"), "Comments are closed." lines, share and subscribe prompts (en/uk/ru),
    page furniture ("Advertisement", "Skip to content") and repeats of the headline. A noise
    line never has more than 8 words, except a headline repeat, a copy of the kept title.

    Mis-decoded characters (mojibake such as "Obamaâ€™s" or "Ã¢â‚¬Ëœ" for "Obama’s" and
    "‘", common in scraped dumps) are put right line by line, and each repaired line is
    kept as a ``Removal`` of kind ``mis-decoded`` holding the original (line 0 for the
    ``title`` argument).

    Without ``title``, the first line is the headline when it is short (at most 200
    characters, two or more words), does not end like a sentence (or is repeated later), and
    more text follows. With a title, ``text`` starts with it and ``"\\n\\n"`` (just the
    title when there is no body), so sentence offsets can point into the headline.

    Raises ``InputError`` when nothing is left.
    """
    raw_lines = _NEWLINE.split(raw)
    fixed = [repair_mojibake(line) for line in raw_lines]
    lines = [_clean_line(line) for line in fixed]
    keys = [_key(line) for line in lines]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    removed: dict[int, str] = {}
    for i in filled:
        kind = _noise_kind(lines[i])
        if kind:
            removed[i] = kind
    content = [
        i for i in filled if i not in removed and not _LONE_NUMBER.fullmatch(lines[i].strip())
    ]

    fixed_title = repair_mojibake(title) if title else ""
    given = " ".join(fixed_title.split())
    title_at: int | None = None
    if given:
        if content and keys[content[0]] == _key(given):
            title_at = content[0]  # the headline is already in place
    elif content and _looks_like_title(lines[content[0]], keys[content[0]], keys, content):
        title_at = content[0]
        given = " ".join(lines[title_at].split())
    # A lone number is a comment counter only in the header (with a headline, before the
    # first paragraph of the body) or next to other comment noise; elsewhere it may be data.
    # A headline repeat is matched loosely (case, end punctuation) in the header, but only
    # exactly further down, where a line like it may be a sentence of the body.
    header_end = 0
    if given:
        header_end = len(lines)
        for i in content:
            if i == title_at:
                continue
            if keys[i] == _key(given) and (i < header_end or " ".join(lines[i].split()) == given):
                removed[i] = "repeated-headline"
            else:
                header_end = min(header_end, i)
    for pos, i in enumerate(filled):
        if i in removed or not _LONE_NUMBER.fullmatch(lines[i].strip()):
            continue
        neighbours = filled[max(pos - 1, 0) : pos + 2]
        if i < header_end or any(removed.get(j) in _COUNTER_NEIGHBOURS for j in neighbours):
            removed[i] = "comment-counter"

    body = _join_paragraphs(
        line for i, line in enumerate(lines) if i not in removed and i != title_at
    )
    text = f"{given}\n\n{body}" if given and body else given or body
    if not text:
        raise InputError("no article text")
    for i, line in enumerate(fixed):
        if line != raw_lines[i] and i not in removed:
            removed[i] = MIS_DECODED
    title_note = (
        (Removal(kind=MIS_DECODED, line=0, text=title.strip()),)
        if title and fixed_title != title
        else ()
    )
    return Article(
        id=article_id(text),
        text=text,
        title=given or None,
        outlet=_field(outlet),
        date=_field(date),
        lang=_field(lang),
        url=_field(url),
        source=source,
        removed=title_note
        + tuple(
            Removal(kind=kind, line=i + 1, text=raw_lines[i].strip())
            for i, kind in sorted(removed.items())
        ),
    )


MIS_DECODED = "mis-decoded"
# A UTF-8 lead byte then a continuation byte, both read as Windows-1252 or Latin-1: every
# mojibake of UTF-8 holds such a pair. A cheap gate before ftfy's own (slower) checks.
_CONTINUATION = "".join(
    {bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xC0)} | {"\u0081"}
)
_MOJIBAKE_PAIR = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]")


def repair_mojibake(line: str) -> str:
    """``line`` with mojibake put right (UTF-8 read as Windows-1252 or Latin-1, once or
    twice over), by ftfy's encoding fixer; a line that looks fine is returned as is."""
    if line.isascii() or not _MOJIBAKE_PAIR.search(line) or not is_bad(line):
        return line
    return str(fix_encoding(line))


# --- cleaning ---------------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# Invisible characters that only break matching across outlets: C0 controls except tab,
# DEL, byte-order marks, zero-width spaces, soft hyphens.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b\u00ad]")
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_LONE_NUMBER = re.compile(r"[(\[]?\d{1,6}[)\]]?")
_DECOR = " \t\u00a0:.!…→»«>|•·*#-–—()[]"
_NETWORKS = (
    r"(facebook|twitter|x|telegram|whatsapp|viber|linkedin|e-?mail|vk|vkontakte|reddit|"
    r"pinterest|messenger|threads|bluesky|flipboard|instagram|youtube|tiktok|"
    r"фейсбук|телеграм|твиттер|вконтакте)"
)
_COUNTER_NEIGHBOURS = frozenset({"comment-counter", "comments-closed", "repeated-headline"})
_NOISE = (
    (
        "comments-closed",
        re.compile(
            r"(comments|commenting) (are|is|have been|has been|were) (now )?"
            r"(closed|disabled|turned off)( for this (article|post|story|page))?"
            r"|(комментарии|коментарі) (закрыты|закрито|отключены|вимкнено|вимкнені)"
            r"|(комментирование|коментування) (закрыто|отключено|закрито|вимкнено)"
        ),
    ),
    (
        "comment-counter",
        re.compile(
            r"\d{1,6} (comments?|коментар(ів|і|ій)|комментари(ев|я|й))"
            r"|(comments?|коментарі|коментарів|комментарии|комментариев) ?[:(]? ?\d{1,6}\)?"
            r"|no comments( yet)?|(немає|нет) (коментарів|комментариев)"
        ),
    ),
    (
        "page-furniture",
        re.compile(r"advertisement|skip to (main )?content|site (mobile )?navigation"),
    ),
    (
        "share-prompt",
        re.compile(
            r"(share|tweet)( (this|the))?( (article|story|post|page|news))?"
            rf"|share (on|via|to|with) {_NETWORKS}.*"
            r"|(follow|find) us (on|in|at|via) .+"
            r"|(subscribe|sign up) (to|for) (our|the) (newsletter|channel|telegram|youtube|page)"
            r".*"
            rf"|(поділитися|поділитись|поделиться)( (в|у|на) {_NETWORKS})?"
            r"|(підписуйтесь|підписуйтеся|підпишіться|подписывайтесь|подпишитесь) на "
            r"(наш|нашу|наші|наши|нас)\b.*"
            r"|(слідкуйте|стежте|следите) за нами\b.*"
            r"|читайте нас (в|у|на) .+"
        ),
    ),
)
MAX_NOISE_WORDS = 8


def _clean_line(line: str) -> str:
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", line)).rstrip()


def _key(line: str) -> str:
    """How a line compares with the headline: case, spacing and end punctuation aside."""
    return " ".join(line.casefold().split()).strip(_DECOR)


def _words(line: str) -> int:
    return sum(1 for token in line.split() if any(c.isalnum() for c in token))


def _noise_kind(line: str) -> str | None:
    words = 0
    for token in line.split():  # stop counting early: most lines are long prose
        words += any(c.isalnum() for c in token)
        if words > MAX_NOISE_WORDS:
            return None
    key = _key(line)
    for kind, pattern in _NOISE:
        if pattern.fullmatch(key):
            return kind
    return None


def _looks_like_title(line: str, key: str, keys: list[str], content: list[int]) -> bool:
    stripped = line.strip()
    if len(stripped) > 200 or _words(stripped) < 2 or not any(c.isalpha() for c in stripped):
        return False
    rest = [i for i in content[1:] if keys[i] != key]
    if not rest:
        return False  # a headline needs an article under it
    repeated = len(rest) < len(content) - 1
    return repeated or not _SENTENCE_END.search(stripped)


def _join_paragraphs(lines: Iterator[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _field(value: object) -> str | None:
    """A metadata value as a one-line string, or None when absent or not a scalar."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(str(value).split())
    return text or None


# --- reading ------------------------------------------------------------------------------


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
            text, note = _read_stdin(stdin, settings.max_bytes)
            name = ""
        else:
            data = _read_file(Path(path), settings.max_bytes)
            name = path.lower()
            text, note = _decode(data, html=name.endswith((".html", ".htm")))
        if note:
            yield Problem(source=source, message=note, skipped=False)
        if not text.strip():
            raise InputError("empty file" if path != "-" else "empty input")
        fmt = _format_of(name, text)
        if fmt in ("json-list", "jsonl") and (outlet or title):
            yield Problem(
                source=source,
                message="outlet/title not applied: the file holds a list of articles",
                skipped=False,
            )
        if fmt == "html":
            yield _from_html(text, source, outlet=outlet, title=title)
        elif fmt == "text":
            yield article_from_text(text, source=source, title=title or None, outlet=outlet)
        else:
            yield from _from_json(text, source, fmt, outlet=outlet, title=title)
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


def _read_stdin(stdin: TextIO | BinaryIO | None, limit: int) -> tuple[str, str | None]:
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
        return _decode(data, html=False)
    if "\x00" in data[:8192]:
        raise InputError("binary input (not text)")
    return data, None


def _format_of(name: str, text: str) -> str:
    """``html``, ``json``, ``json-list``, ``jsonl`` or ``text``."""
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


# --- formats ------------------------------------------------------------------------------

_MIN_HTML_WORDS = 10


def _from_html(html: str, source: str, *, outlet: str, title: str) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as err:  # lxml and trafilatura fail in many ways on junk HTML
        raise InputError(f"could not parse the HTML ({type(err).__name__})") from None
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    headline = title or _field(meta.get("title")) or None
    key = _key(headline or "")
    words = sum(_words(line) for line in text.split("\n") if _key(line) != key)
    if words < _MIN_HTML_WORDS:
        raise InputError("no article text found in the HTML")
    return article_from_text(
        text,
        source=source,
        title=headline,
        outlet=outlet or _field(meta.get("sitename")),
        date=_field(meta.get("date")),
        url=_field(meta.get("url")),
    )


def _from_json(
    text: str, source: str, fmt: str, *, outlet: str, title: str
) -> Iterator[Article | Problem]:
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
        headline = title or _field(value.get("title"))
        if not (text or "").strip() and not headline:
            raise InputError('no "text" or "title"')
        return article_from_text(
            text or "",
            source=source,
            title=headline,
            outlet=outlet or _field(value.get("outlet")),
            date=_field(value.get("date")),
            lang=_field(value.get("lang")),
            url=_field(value.get("url")),
        )
    except InputError as err:
        return Problem(source=file, message=f"{where}: {err}" if where else str(err))


# --- bytes to text ------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"\x1f\x8b", "gzip data; decompress it first"),
    (b"\x7fELF", "program"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_PUNCT = frozenset("\u00a0«»“”‘’„‚–—…•·°€£¥§©®™×±½¼¾¿¡¢¤¦¨¬¯´¸ªº†‡‰‹›")


def _decode(data: bytes, *, html: bool) -> tuple[str, str | None]:
    """Text and an optional note on how it was decoded; InputError when unsafe."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(codec)), None
            except UnicodeDecodeError:
                raise InputError(f"starts like {label} text but is not valid {label}") from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({kind}, not text)")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (not text)")
    try:
        return _check_text(data.decode("utf-8")), None
    except UnicodeDecodeError as err:
        first_bad = err.start
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            return _decode_declared(data, declared.group(1).decode("ascii"))
    good = len(_UTF8_MULTIBYTE.findall(data))
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if good > 4 * bad:
        note = f"{bad} byte(s) that are not valid UTF-8 were replaced with \ufffd"
        return _check_text(lenient), note
    for codec, label, plausible in (
        ("cp1251", "Windows-1251 (Cyrillic)", _plausible_cyrillic),
        ("koi8_r", "KOI8-R (Cyrillic)", _plausible_cyrillic),
        ("cp1252", "Windows-1252 (Western European)", _plausible_latin),
    ):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return _check_text(text), f"not UTF-8; read as {label}"
    raise InputError(
        f"not UTF-8 text (bad byte 0x{data[first_bad]:02x} at offset {first_bad}) and no other "
        "encoding fits safely; convert it to UTF-8"
    )


def _decode_declared(data: bytes, charset: str) -> tuple[str, str | None]:
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise InputError(f"the HTML declares an unknown encoding ({charset})") from None
    try:
        return _check_text(data.decode(codec)), None
    except UnicodeDecodeError:
        raise InputError(f"the HTML declares {charset} but is not valid {charset}") from None


def _check_text(text: str) -> str:
    if len(_CONTROL.findall(text[:100_000])) > max(len(text[:100_000]) // 100, 2):
        raise InputError("binary file (not text)")
    return text


def _plausible_cyrillic(text: str) -> bool:
    """Cyrillic words, mostly lower case, not mixed with Latin letters inside a word."""
    high = [c for c in text if ord(c) > 127]
    cyrillic = [c for c in high if "\u0400" <= c <= "\u04ff"]
    if not cyrillic or len(cyrillic) < 0.8 * len(high):
        return False
    # KOI8-R read as Windows-1251 (and the reverse) swaps the cases: mostly capitals.
    if sum(c.islower() for c in cyrillic) < 0.6 * len(cyrillic):
        return False
    words = [w for w in _WORD.findall(text) if any("\u0400" <= c <= "\u04ff" for c in w)]
    mixed = sum(1 for w in words if any(c.isascii() for c in w))
    return mixed <= 0.05 * len(words)


def _plausible_latin(text: str) -> bool:
    """Accented letters inside Latin words, and only common punctuation besides."""
    high = [c for c in text if ord(c) > 127]
    if not high or any(not (c.isalpha() or c in _LATIN_PUNCT) for c in high):
        return False
    words = [w for w in _WORD.findall(text) if len(w) > 1 and not w.isascii()]
    # Cyrillic read as Windows-1252 gives words made only of accented letters.
    foreign = sum(1 for w in words if not any(c.isascii() for c in w))
    return foreign <= 0.2 * len(words)
