"""Clean raw article text into an ``Article``: a list of named steps, applied in order.

Scraped text carries the page around the article: share prompts, comment counters, "Skip to
content", the headline printed twice. Each step below takes one kind of it out, and every
line removed is kept as a ``Removal`` (kind, 1-based line, original text), so a reader can
see exactly what was dropped and why. Lines are normalised first (newlines, trailing space,
invisible characters, mojibake), and a repaired line is kept too, as a ``mis-decoded``
removal holding the original.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storydiff.errors import InputError
from storydiff.ingest.decode import repair_mojibake
from storydiff.records import Article, Removal

MIS_DECODED = "mis-decoded"
# A noise line never has more than this many words (a headline repeat aside): prose that
# merely mentions comments or sharing stays.
MAX_NOISE_WORDS = 8

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
# A line that is one web address (scrapers and corpora put the source link above the
# headline); dataset dumps may space it out ("http: / / www. cnn. com / ..."), so a space
# is allowed only next to the punctuation of an address.
_LINK = re.compile(
    r"(?:https?\s?:\s?/\s?/|www\s?\.)\S*(?:(?:\s(?=[/.:?=&_#%-])|(?<=[/.:?=&_#%-])\s)\S*)*"
)
# Publication stamps ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "Updated 4/9/2007
# 6:04 PM", "Опубліковано 5 березня 2024 о 10:00"): when the page was made, not what
# happened. A stamp line holds nothing but these words, numbers and punctuation.
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    січень лютий березень квітень травень червень липень серпень вересень жовтень листопад
    грудень
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь""".split()
)
_STAMP_WORDS = _MONTHS | frozenset(
    """posted updated published modified last on at and am pm a m p
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    gmt utc bst cet cest eet eest msk edt est cdt cst mdt mst pdt pst hkt jst ist aest et
    опубліковано оновлено опубликовано обновлено о в р року г года""".split()
)
_STAMP_KEYWORDS = frozenset(
    "posted updated published modified опубліковано оновлено опубликовано обновлено".split()
)
_STAMP_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_CLOCK = re.compile(r"\d{1,2} ?: ?\d{2}")
_NUMERIC_DATE = re.compile(r"\d{1,4} ?[/.-] ?\d{1,2} ?[/.-] ?\d{1,4}")
# A stamp may spell a date and two times out: more tokens than a noise line has words.
_MAX_STAMP_TOKENS = 24
# Credit lines: who took the photo or where the piece came from ("Photo: AP", "Фото:
# Укрінформ", "(CNN News Article)"). They name an outlet or a person without stating
# anything, so aligned across outlets they only show up as "different names".
_MEDIA = (
    r"(?:photo|photograph|picture|image|video|illustration|graphic)s?"
    r"|фото|світлина|ілюстрація|зображення|відео|видео|иллюстрация|изображение"
)
_CREDIT = re.compile(
    rf"(?:{_MEDIA})(?: (?:credit|copyright|courtesy(?: of)?|source))?"
    r"(?: ?[:©/|—–-] ?| by | з | із | из | с )\S.*"
    rf"|(?:{_MEDIA}) (?:credit|copyright|courtesy of) \S.*"
    r"|(?:credit|copyright|source|джерело|источник) ?[:©] ?\S.*"
    r"|(?:copyright ?)?(?:©|\(c\)) ?\S.*"
)
# Inside a sentence only a photo or video credit is cut: "(source: ONS)" names a source.
_MEDIA_CREDIT = re.compile(
    rf"(?:{_MEDIA})(?: (?:credit|copyright|courtesy(?: of)?))?"
    r"(?: ?[:©/|—–-] ?| by | з | із | из | с )\S.*"
)
_QUOTE_MARKS = "\"'“”«»„‘’ "
_BRACKETS = (("(", ")"), ("[", "]"))
# A bracketed group inside a line, with the space before it (cut together).
_BRACKETED = re.compile(r"\s?[(\[](?P<inner>[^()\[\]]{1,80})[)\]]")
# A bracketed note after a line's last sentence, maybe after a stray quotation mark.
_TRAILING_CREDIT = re.compile(
    r"[.!?…][\"'”’»]*(?P<cut>\s+[\"“”']?\s*(?P<note>[(\[][^()\[\]]{1,80}[)\]])\s*)$"
)
_SENTENCE_IN_BRACKETS = re.compile(r"[.!?…][\"'”’»]*\s*[)\]]$")
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
    source_id: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Article:
    """Clean ``raw`` into an ``Article``, recording every noise line removed.

    Newlines are normalised, trailing space is stripped from each line, runs of blank lines
    become one, and invisible characters (controls, soft hyphens, zero-width spaces) go.
    Noise lines removed, each kept as a ``Removal`` with its 1-based line in ``raw``: comment
    counters (a lone number between the headline and the body or next to comment noise,
    "12 comments"), "Comments are closed." lines, share and subscribe prompts (en/uk/ru),
    page furniture ("Advertisement", "Skip to content"), credit lines ("Photo: AP", a label
    alone in brackets such as "(CNN News Article)", also when it follows the last sentence
    of a line: then only the credit is cut) and repeats of the headline. A noise
    line never has more than 8 words, except a headline repeat, a copy of the kept title.
    Lines that are one web address, and publication stamps ("Updated 4/9/2007 6:04 PM",
    "Опубліковано 5 березня 2024 о 10:00": date, time and stamp words alone) go too, as
    does a ``title`` that is only a web address.

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
    draft = Draft.read(raw, title)
    for step in CLEANING_STEPS:
        step(draft)
    text = draft.text()
    if not text:
        raise InputError("no article text")
    return Article(
        id=article_id(text),
        text=text,
        title=draft.title or None,
        outlet=metadata_field(outlet),
        date=metadata_field(date),
        lang=metadata_field(lang),
        url=metadata_field(url),
        source=source,
        removed=draft.removals(),
        source_id=source_id,
        metadata=metadata or {},
    )


@dataclass(kw_only=True)
class Draft:
    """One article being cleaned: its lines, raw and normalised, and what the steps found.

    Mutable on purpose, unlike the records: it lives inside one ``article_from_text`` call,
    and each step reads what the steps before it marked.
    """

    raw: list[str]  # the input's lines as given: what a ``Removal`` quotes
    repaired: list[str]  # mojibake put right
    lines: list[str]  # repaired and normalised: what the steps read
    keys: list[str]  # each line's ``headline_key``
    filled: list[int]  # the lines that are not blank
    asked_title: str  # the ``title`` argument ("" for none)
    repaired_title: str
    title: str = ""  # the headline: the given title on one line, or the first line
    title_at: int | None = None  # the headline's line in the text, if it stands there
    header_end: int = 0  # the body's first line (0 without a headline)
    removed: dict[int, str] = field(default_factory=dict)  # line -> kind of noise
    trimmed: dict[int, list[str]] = field(default_factory=dict)  # line -> credits cut

    @classmethod
    def read(cls, raw: str, title: str | None) -> Draft:
        """Split ``raw`` into lines and normalise them, nothing removed yet."""
        raw_lines = _NEWLINE.split(raw)
        repaired = [repair_mojibake(line) for line in raw_lines]
        lines = [_normalise(line) for line in repaired]
        return cls(
            raw=raw_lines,
            repaired=repaired,
            lines=lines,
            keys=[headline_key(line) for line in lines],
            filled=[i for i, line in enumerate(lines) if line.strip()],
            asked_title=title or "",
            repaired_title=repair_mojibake(title) if title else "",
        )

    def candidates(self) -> list[int]:
        """The filled lines not removed yet, lone numbers aside: where headline and body are."""
        return [
            i
            for i in self.filled
            if i not in self.removed and not _LONE_NUMBER.fullmatch(self.lines[i].strip())
        ]

    def text(self) -> str:
        """The headline, a blank line, and the body's paragraphs (one blank line between)."""
        body = _join_paragraphs(
            line
            for i, line in enumerate(self.lines)
            if i not in self.removed and i != self.title_at
        )
        return f"{self.title}\n\n{body}" if self.title and body else self.title or body

    def removals(self) -> tuple[Removal, ...]:
        """Every line removed or repaired, in line order, after a note on the title (line 0)
        when it was repaired, or dropped for being a web address."""
        kinds = {i: MIS_DECODED for i, line in enumerate(self.repaired) if line != self.raw[i]}
        kinds.update(self.removed)
        title_note: tuple[Removal, ...] = ()
        if self.asked_title and _LINK.fullmatch(headline_key(self.repaired_title)):
            title_note = (Removal(kind="link", line=0, text=self.asked_title.strip()),)
        elif self.asked_title and self.repaired_title != self.asked_title:
            title_note = (Removal(kind=MIS_DECODED, line=0, text=self.asked_title.strip()),)
        lines = [
            (i, Removal(kind=kind, line=i + 1, text=self.raw[i].strip()))
            for i, kind in kinds.items()
        ]
        lines += [
            (i, Removal(kind="credit", line=i + 1, text=cut.strip()))
            for i, cuts in self.trimmed.items()
            for cut in cuts
        ]
        return title_note + tuple(r for _, r in sorted(lines, key=lambda x: x[0]))


# --- the steps, in order ------------------------------------------------------------------


def mark_noise(draft: Draft) -> None:
    """Mark share prompts, comment notes and page furniture: the page around the article,
    not the outlet's words, and different on every site, so they would only break matching
    across outlets. Only short lines (``MAX_NOISE_WORDS``) that match a pattern whole go."""
    for i in draft.filled:
        kind = _noise_kind(draft.lines[i])
        if kind:
            draft.removed[i] = kind


def cut_credits(draft: Draft) -> None:
    """Cut the credits inside a line, as a credit line is removed whole: a photo credit in
    brackets anywhere ("(Image: Jane Roe/PA Wire)", "(Фото: Укрінформ)") and a bracketed
    label after the line's last sentence ("... BEY 0843." (Fox News article)"). Left in,
    each became a sentence of its own or put its names in one, aligned across outlets as a
    fact on which they "differ" in name. A sentence in brackets stays ("(He left.)")."""
    for i in draft.filled:
        if i in draft.removed:
            continue
        line, cuts = draft.lines[i], []
        for b in reversed(list(_BRACKETED.finditer(line))):
            if _MEDIA_CREDIT.fullmatch(headline_key(b.group("inner"))):
                rest = line[b.end() :]
                end = b.end() + (len(rest) - len(rest.lstrip()) if b.start() == 0 else 0)
                cuts.append(line[b.start() : end])
                line = line[: b.start()] + line[end:]
        m = _TRAILING_CREDIT.search(line)
        note = m.group("note") if m else ""
        if m is not None and word_count(note) <= MAX_NOISE_WORDS and _is_credit(note, ""):
            cuts.append(line[m.start("cut") :])
            line = line[: m.start("cut")]
        if cuts and not line.strip(_QUOTE_MARKS + "\t"):
            draft.removed[i] = "credit"  # nothing but the credit: the line goes whole
        elif cuts:
            draft.trimmed[i] = cuts[::-1]
            draft.lines[i] = line
            draft.keys[i] = headline_key(line)


def find_headline(draft: Draft) -> None:
    """Settle the headline: the given title (repaired, on one line), standing in the text
    when its first line repeats it; without one, the first line when it looks like a
    headline, so that sentence offsets can point into it."""
    content = draft.candidates()
    first = content[0] if content else None
    draft.title = " ".join(draft.repaired_title.split())
    if _LINK.fullmatch(headline_key(draft.title)):
        draft.title = ""  # some corpora give the page's address as its title
    if draft.title:
        if first is not None and draft.keys[first] == headline_key(draft.title):
            draft.title_at = first  # the headline is already in place
    elif first is not None and _looks_like_title(draft, first, content):
        draft.title_at = first
        draft.title = " ".join(draft.lines[first].split())


def mark_repeated_headlines(draft: Draft) -> None:
    """Mark repeats of the headline (scrapers keep both the page title and the heading), and
    find where the body starts. A repeat is matched loosely (case, end punctuation) in the
    header, but only exactly further down, where a line like it may be a sentence of the body.
    """
    if not draft.title:
        return
    key = headline_key(draft.title)
    draft.header_end = len(draft.lines)
    for i in draft.candidates():
        if i == draft.title_at:
            continue
        exact = " ".join(draft.lines[i].split()) == draft.title
        if draft.keys[i] == key and (i < draft.header_end or exact):
            draft.removed[i] = "repeated-headline"
        else:
            draft.header_end = min(draft.header_end, i)


def mark_comment_counters(draft: Draft) -> None:
    """Mark lone numbers that count comments: only in the header (with a headline, before
    the first paragraph of the body) or next to other comment noise; elsewhere a lone
    number may be data (a score, a year in a table)."""
    for pos, i in enumerate(draft.filled):
        if i in draft.removed or not _LONE_NUMBER.fullmatch(draft.lines[i].strip()):
            continue
        neighbours = draft.filled[max(pos - 1, 0) : pos + 2]
        near_noise = any(draft.removed.get(j) in _COUNTER_NEIGHBOURS for j in neighbours)
        if i < draft.header_end or near_noise:
            draft.removed[i] = "comment-counter"


CLEANING_STEPS: tuple[Callable[[Draft], None], ...] = (
    cut_credits,
    mark_noise,
    find_headline,
    mark_repeated_headlines,
    mark_comment_counters,
)


# --- line helpers -------------------------------------------------------------------------


def headline_key(line: str) -> str:
    """How a line compares with the headline: case, spacing and end punctuation aside."""
    return " ".join(line.casefold().split()).strip(_DECOR)


def word_count(line: str) -> int:
    """The words of ``line``: its tokens with a letter or digit (a dash or "|" is none)."""
    return sum(1 for token in line.split() if any(c.isalnum() for c in token))


def metadata_field(value: object) -> str | None:
    """A metadata value as a one-line string, or None when absent or not a scalar."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(str(value).split())
    return text or None


def _normalise(line: str) -> str:
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", line)).rstrip()


def _noise_kind(line: str) -> str | None:
    key = headline_key(line)
    if _LINK.fullmatch(key):
        return "link"
    if _is_stamp(key):
        return "timestamp"
    words = 0
    for token in line.split():  # stop counting early: most lines are long prose
        words += any(c.isalnum() for c in token)
        if words > MAX_NOISE_WORDS:
            return None
    for kind, pattern in _NOISE:
        if pattern.fullmatch(key):
            return kind
    return "credit" if _is_credit(line, key) else None


def _is_stamp(key: str) -> bool:
    """A line of date, time and "posted"/"updated" words alone, with a date or a time in it:
    a publication stamp, never a sentence (which needs a word outside that vocabulary)."""
    tokens = _STAMP_TOKEN.findall(key)
    if not tokens or len(tokens) > _MAX_STAMP_TOKENS:
        return False
    words = [t for t in tokens if not t.isdigit()]
    if len(words) == len(tokens) or any(w not in _STAMP_WORDS for w in words):
        return False
    return bool(
        _MONTHS.intersection(words)
        or _CLOCK.search(key)
        or _NUMERIC_DATE.search(key)
        or _STAMP_KEYWORDS.intersection(words)
    )


def _is_credit(line: str, key: str) -> bool:
    """A short credit line: a photo or source credit ("Photo: AP", "Фото: Укрінформ"), or a
    note standing alone in brackets ("(CNN News Article)", "[Reuters]"), stray quote marks
    around it aside. Called on lines of at most ``MAX_NOISE_WORDS`` words."""
    if _CREDIT.fullmatch(key):
        return True
    bare = line.strip().strip(_QUOTE_MARKS)
    # "(He denied it.)" is a sentence in brackets: a claim, not a label.
    if not any(c.isalpha() for c in bare) or _SENTENCE_IN_BRACKETS.search(bare):
        return False
    return any(
        bare.startswith(left) and bare.endswith(right) and bare.count(left) == 1
        for left, right in _BRACKETS
    )


def _looks_like_title(draft: Draft, first: int, content: list[int]) -> bool:
    """Short, two or more words, with an article under it, and not ending like a sentence
    unless it is repeated further down."""
    stripped = draft.lines[first].strip()
    if len(stripped) > 200 or word_count(stripped) < 2 or not any(c.isalpha() for c in stripped):
        return False
    key = draft.keys[first]
    rest = [i for i in content[1:] if draft.keys[i] != key]
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
