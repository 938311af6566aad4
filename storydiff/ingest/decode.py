"""Bytes to text: byte-order marks, binary sniffing, charset guessing, and mojibake repair.

UTF-8, or UTF-8/16/32 with a byte-order mark, is read as is. Text that is not valid UTF-8 is
read as Windows-1251 or KOI8-R when it decodes to plausible Cyrillic words, or as
Windows-1252 when it decodes to accented letters inside Latin words; each such guess comes
back as a note, so a wrong guess is never silent. A mostly-UTF-8 file with a few bad bytes
is read with U+FFFD in their place, also with a note. Anything else is refused with a
one-line ``InputError``: nothing is ever silently garbled.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ftfy import fix_encoding
from ftfy.badness import is_bad

from storydiff.errors import InputError
from storydiff.text.words import LETTERS


@dataclass(frozen=True, kw_only=True)
class Decoded:
    """The text of some bytes, and how it was decoded when that was a guess (else None)."""

    text: str
    note: str | None = None


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
_LATIN_PUNCT = frozenset("\u00a0«»“”‘’„‚–—…•·°€£¥§©®™×±½¼¾¿¡¢¤¦¨¬¯´¸ªº†‡‰‹›")


def decode(data: bytes, *, html: bool) -> Decoded:
    """The text of ``data``; InputError (one line) when it is binary or no encoding fits safely.

    ``html``: a ``<meta charset>`` declaration is believed when the bytes are not UTF-8.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(text=_check_text(data[len(bom) :].decode(codec)))
            except UnicodeDecodeError:
                raise InputError(f"starts like {label} text but is not valid {label}") from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({kind}, not text)")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (not text)")
    try:
        return Decoded(text=_check_text(data.decode("utf-8")))
    except UnicodeDecodeError as err:
        first_bad = err.start
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            return _decode_declared(data, declared.group(1).decode("ascii"))
    return _guess(data, first_bad)


def _guess(data: bytes, first_bad: int) -> Decoded:
    """Bytes that are not UTF-8: mostly UTF-8 with a few bad bytes, or a legacy charset."""
    good = len(_UTF8_MULTIBYTE.findall(data))
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if good > 4 * bad:
        note = f"{bad} byte(s) that are not valid UTF-8 were replaced with \ufffd"
        return Decoded(text=_check_text(lenient), note=note)
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
            return Decoded(text=_check_text(text), note=f"not UTF-8; read as {label}")
    raise InputError(
        f"not UTF-8 text (bad byte 0x{data[first_bad]:02x} at offset {first_bad}) and no other "
        "encoding fits safely; convert it to UTF-8"
    )


def _decode_declared(data: bytes, charset: str) -> Decoded:
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise InputError(f"the HTML declares an unknown encoding ({charset})") from None
    try:
        return Decoded(text=_check_text(data.decode(codec)))
    except UnicodeDecodeError:
        raise InputError(f"the HTML declares {charset} but is not valid {charset}") from None


def _check_text(text: str) -> str:
    """``text`` unchanged, or InputError when control characters show it is binary data that
    happened to decode (more than one in a hundred characters of the first 100,000)."""
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
    words = [w for w in LETTERS.findall(text) if any("\u0400" <= c <= "\u04ff" for c in w)]
    mixed = sum(1 for w in words if any(c.isascii() for c in w))
    return mixed <= 0.05 * len(words)


def _plausible_latin(text: str) -> bool:
    """Accented letters inside Latin words, and only common punctuation besides."""
    high = [c for c in text if ord(c) > 127]
    if not high or any(not (c.isalpha() or c in _LATIN_PUNCT) for c in high):
        return False
    words = [w for w in LETTERS.findall(text) if len(w) > 1 and not w.isascii()]
    # Cyrillic read as Windows-1252 gives words made only of accented letters.
    foreign = sum(1 for w in words if not any(c.isascii() for c in w))
    return foreign <= 0.2 * len(words)


# --- mojibake -----------------------------------------------------------------------------

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
