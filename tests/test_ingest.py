"""Tests for storydiff.ingest: formats, encodings, limits, and noise removal."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.errors import InputError
from storydiff.ingest import (
    Ingested,
    Problem,
    article_from_text,
    article_id,
    read_inputs,
    repair_mojibake,
)
from storydiff.settings import Settings

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-pair"
SEED_TITLE = "Biden overruled Macron on Ukraine troop deployment – Politico"

BODY = (
    "US President Joe Biden has reportedly blocked a proposal by his French counterpart "
    "Emmanuel Macron to send Western instructors to Ukraine, according to Politico.\n\n"
    "Biden expressed concerns about the possible consequences of sending NATO troops to a "
    "country where they could end up in the line of fire."
)

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Biden overruled Macron | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Biden overruled Macron">
<link rel="canonical" href="https://example.com/news/biden-macron">
<meta name="date" content="2024-05-31">
<script>var leaked = "EVIL_HEAD_SCRIPT";</script>
<style>body { color: red; }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Biden overruled Macron</h1>
<p>US President Joe Biden has reportedly blocked a proposal by his French counterpart
Emmanuel Macron to send Western instructors to Ukraine, according to Politico.</p>
<img src="x.png" onerror="alert('EVIL_ONERROR')">
<p onclick="steal('EVIL_ONCLICK')">Biden expressed concerns about the possible consequences of
sending NATO troops to a country where they could end up in the line of fire.</p>
<script>document.write("EVIL_INLINE_SCRIPT")</script>
<noscript><iframe src="javascript:alert('EVIL_IFRAME')"></iframe></noscript>
<p>Paris has not officially confirmed or denied the plans, with Macron stating that he would
not comment on decisions that are yet to be made.</p>
<a href="javascript:alert('EVIL_HREF')">Share this article</a>
</article>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
</body></html>
"""

RUSSIAN = (
    "Байден отверг идею Макрона\n\n"
    "Президент США Джо Байден заблокировал предложение французского коллеги Эммануэля "
    "Макрона отправить западных инструкторов на Украину, пишет Politico.\n\n"
    "Подписывайтесь на наш канал в Telegram\n"
)
UKRAINIAN = (
    "Байден не підтримав ідею Макрона\n\n"
    "Президент США Джо Байден не підтримав пропозицію французького колеги Емманюеля Макрона "
    "відправити західних інструкторів в Україну, пише Politico.\n\n"
    "Поділитися\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def messages(result: Ingested) -> list[str]:
    return [p.message for p in result.problems]


# --- the seed pair ----------------------------------------------------------------------


def test_seed_pair_noisy_article_is_cleaned_and_reports_removals() -> None:
    result = read_inputs([str(SEED / "macron-biden-2.txt")])
    assert result.problems == ()
    (art,) = result.articles
    assert art.title == SEED_TITLE
    assert art.text.startswith(SEED_TITLE + "\n\nThe US president reportedly had concerns")
    assert art.text.count(SEED_TITLE) == 1
    assert "\n0\n" not in art.text
    assert "Comments are closed" not in art.text
    assert art.text.endswith("whether they are French or not.”")
    assert [(r.kind, r.line, r.text) for r in art.removed] == [
        ("comment-counter", 3, "0"),
        ("repeated-headline", 4, SEED_TITLE),
        ("comments-closed", 24, "Comments are closed."),
    ]
    assert art.lang is None
    assert art.outlet is None
    assert art.id == article_id(art.text)


def test_seed_pair_clean_article_keeps_all_its_text() -> None:
    path = SEED / "macron-biden-1.txt"
    (art,) = read_inputs([str(path)]).articles
    assert art.title is None  # the first line is a real sentence, not a headline
    assert art.removed == ()
    assert art.text == path.read_text(encoding="utf-8").strip()


def test_seed_pair_with_outlet_flags() -> None:
    paths = [str(SEED / "macron-biden-1.txt"), str(SEED / "macron-biden-2.txt")]
    result = read_inputs(paths, outlets=["Ukrainska Pravda", "RT"])
    assert [a.outlet for a in result.articles] == ["Ukrainska Pravda", "RT"]
    assert [a.label for a in result.articles] == ["Ukrainska Pravda", "RT"]


# --- formats ----------------------------------------------------------------------------


def test_txt_with_headline_crlf_and_blank_runs(tmp_path: Path) -> None:
    raw = "Macron idea rejected  \r\n\r\n\r\n\r\n" + BODY.replace("\n\n", "\r\n\r\n\r\n") + "\r\n"
    (art,) = read_inputs([write(tmp_path, "a.txt", raw)]).articles
    assert art.title == "Macron idea rejected"
    assert art.text == "Macron idea rejected\n\n" + BODY
    assert "\r" not in art.text


def test_html_article_gives_text_and_metadata(tmp_path: Path) -> None:
    result = read_inputs([write(tmp_path, "page.html", PAGE)])
    assert result.problems == ()
    (art,) = result.articles
    assert art.title == "Biden overruled Macron"
    assert art.text.startswith("Biden overruled Macron\n\nUS President Joe Biden")
    assert art.text.count("Biden overruled Macron") == 1
    assert "line of fire" in art.text
    assert "not comment on decisions" in art.text
    assert art.outlet == "Example News"
    assert art.date == "2024-05-31"
    assert art.url == "https://example.com/news/biden-macron"
    assert "Copyright" not in art.text
    assert "Home World" not in art.text


def test_hostile_html_puts_no_script_into_text(tmp_path: Path) -> None:
    (art,) = read_inputs([write(tmp_path, "page.htm", PAGE)]).articles
    for token in ("EVIL", "alert", "document.write", "javascript:", "<script", "color: red"):
        assert token not in art.text


def test_html_without_article_is_a_problem(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Log in</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/w'>World</a></nav><form><input name='q'><button>Search</button></form>"
        "</body></html>"
    )
    result = read_inputs([write(tmp_path, "login.html", page)])
    assert result.articles == ()
    assert messages(result) == ["no article text found in the HTML"]


def test_json_object_with_metadata(tmp_path: Path) -> None:
    obj = {
        "id": "ignored",
        "title": "Macron idea rejected",
        "text": BODY,
        "outlet": "Example",
        "date": "2024-05-31",
        "lang": "en",
        "url": "https://example.com/a",
    }
    (art,) = read_inputs([write(tmp_path, "a.json", json.dumps(obj))]).articles
    assert art.text == "Macron idea rejected\n\n" + BODY
    assert (art.title, art.outlet, art.date, art.lang, art.url) == (
        "Macron idea rejected",
        "Example",
        "2024-05-31",
        "en",
        "https://example.com/a",
    )
    assert art.id != "ignored"


def test_json_title_already_first_line_is_not_doubled(tmp_path: Path) -> None:
    obj = {"title": "Macron idea rejected", "text": "Macron idea rejected.\n\n" + BODY}
    (art,) = read_inputs([write(tmp_path, "a.json", json.dumps(obj))]).articles
    assert art.text == "Macron idea rejected\n\n" + BODY


def test_json_list_and_headline_only_record(tmp_path: Path) -> None:
    items = [
        {"title": "One", "text": "First article body text here."},
        {"title": "Headline only", "text": None},
        "not an object",
        {"outlet": "nothing else"},
    ]
    result = read_inputs([write(tmp_path, "list.json", json.dumps(items))])
    assert [a.text for a in result.articles] == [
        "One\n\nFirst article body text here.",
        "Headline only",
    ]
    assert [a.source.rsplit("/", 1)[-1] for a in result.articles] == [
        "list.json[0]",
        "list.json[1]",
    ]
    assert messages(result) == ["item 2: not a JSON object", 'item 3: no "text" or "title"']


def test_jsonl_with_one_bad_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First article: the president said no.", "outlet": "A"}),
        '{"text": "broken',
        "",
        json.dumps({"text": "Second article: the president said yes.", "outlet": "B"}),
    ]
    result = read_inputs([write(tmp_path, "feed.jsonl", "\n".join(lines))])
    assert [a.outlet for a in result.articles] == ["A", "B"]
    assert result.articles[1].source.endswith("feed.jsonl:4")
    (problem,) = result.problems
    assert problem.source.endswith("feed.jsonl")
    assert problem.message.startswith("line 2: not valid JSON")
    assert "\n" not in problem.message


def test_bad_json_file(tmp_path: Path) -> None:
    result = read_inputs([write(tmp_path, "a.json", "{not json")])
    assert result.articles == ()
    assert messages(result)[0].startswith("not valid JSON")


def test_stdin_bytes_text_and_dash(tmp_path: Path) -> None:
    raw = "Macron idea rejected\n\n" + BODY
    (art,) = read_inputs([], stdin=io.BytesIO(raw.encode())).articles
    assert art.source == "<stdin>"
    assert art.title == "Macron idea rejected"
    other = write(tmp_path, "b.txt", "Another story entirely.\nWith a second line.")
    result = read_inputs([other, "-"], stdin=io.StringIO(raw), outlets=["B", "S"])
    assert [a.outlet for a in result.articles] == ["B", "S"]
    assert result.articles[1].text == art.text


def test_stdin_sniffs_html_and_jsonl() -> None:
    (art,) = read_inputs(["-"], stdin=io.StringIO(PAGE)).articles
    assert art.outlet == "Example News"
    feed = "\n".join(json.dumps({"text": f"Story number {i} is here."}) for i in range(3))
    assert len(read_inputs(["-"], stdin=io.StringIO(feed)).articles) == 3


def test_dash_without_stdin_is_a_problem() -> None:
    result = read_inputs(["-"])
    assert result.articles == ()
    assert result.problems == (Problem(source="<stdin>", message="nothing was piped in"),)


def test_title_flag_is_prepended_and_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY)
    (art,) = read_inputs([path], titles=["My headline"], outlets=["Outlet"]).articles
    assert art.title == "My headline"
    assert art.text == "My headline\n\n" + BODY
    assert art.outlet == "Outlet"


def test_flags_do_not_apply_to_lists_and_too_many_flags_raise(tmp_path: Path) -> None:
    path = write(tmp_path, "f.jsonl", json.dumps({"text": "A story.", "outlet": "Own"}))
    result = read_inputs([path], outlets=["Flag"])
    assert [a.outlet for a in result.articles] == ["Own"]
    assert [p.skipped for p in result.problems] == [False]
    with pytest.raises(InputError, match="2 outlet names given for 1 inputs"):
        read_inputs([path], outlets=["A", "B"])


# --- bad input ----------------------------------------------------------------------------


def test_empty_missing_folder_and_binary_inputs(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    paths = [
        write(tmp_path, "empty.txt", ""),
        write(tmp_path, "blank.txt", "  \n\n \t\n"),
        write(tmp_path, "image.txt", png),
        write(tmp_path, "nul.dat", b"text\x00with\x00nul"),
        str(tmp_path / "missing.txt"),
        str(tmp_path),
        str(SEED / "macron-biden-1.txt"),
    ]
    result = read_inputs(paths)
    assert len(result.articles) == 1  # the good input is still read
    assert messages(result) == [
        "empty file",
        "empty file",
        "binary file (PNG image, not text)",
        "binary file (not text)",
        "no such file",
        "is a folder, not a file",
    ]
    assert all(p.skipped for p in result.problems)


def test_cp1251_russian_is_read_with_a_note(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.txt", RUSSIAN.encode("cp1251"))
    result = read_inputs([path])
    (art,) = result.articles
    assert art.title == "Байден отверг идею Макрона"
    assert "заблокировал предложение" in art.text
    assert result.problems == (
        Problem(source=path, message="not UTF-8; read as Windows-1251 (Cyrillic)", skipped=False),
    )


def test_koi8r_russian_is_not_mistaken_for_cp1251(tmp_path: Path) -> None:
    result = read_inputs([write(tmp_path, "ru.txt", RUSSIAN.encode("koi8_r"))])
    assert "заблокировал предложение" in result.articles[0].text
    assert "KOI8-R" in result.problems[0].message


def test_latin1_is_read_with_a_note(tmp_path: Path) -> None:
    raw = "Le président a refusé l'idée\n\nÀ Paris, la façade du café était fermée à midi."
    result = read_inputs([write(tmp_path, "fr.txt", raw.encode("latin-1"))])
    assert result.articles[0].text == raw
    assert "Windows-1252" in result.problems[0].message
    assert not result.problems[0].skipped


def test_undecodable_text_is_skipped_not_garbled(tmp_path: Path) -> None:
    # Polish in Windows-1250: read as Windows-1252 it would turn "ł" into "³".
    raw = "Prezydent Biden odrzucił pomysł; żołnierze zostaną w kraju, powiedział rzecznik."
    result = read_inputs([write(tmp_path, "pl.txt", raw.encode("cp1250"))])
    assert result.articles == ()
    assert messages(result)[0].startswith("not UTF-8 text (bad byte 0x")


def test_utf16_and_utf8_bom(tmp_path: Path) -> None:
    raw = "Байден отверг идею Макрона\n\nТекст статьи здесь."
    a = write(tmp_path, "a.txt", raw.encode("utf-16"))
    b = write(tmp_path, "b.txt", "\ufeff" + raw.replace("здесь", "тут"))
    result = read_inputs([a, b])
    assert result.problems == ()
    assert [x.text for x in result.articles] == [raw, raw.replace("здесь", "тут")]


def test_mostly_utf8_with_a_stray_byte_is_read_with_a_note(tmp_path: Path) -> None:
    data = ("Байден отверг идею Макрона. " * 5).encode() + b"\xff end."
    result = read_inputs([write(tmp_path, "a.txt", data)])
    assert "\ufffd" in result.articles[0].text
    assert result.problems[0].message.startswith("1 byte(s) that are not valid UTF-8")


def test_twenty_megabyte_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(20_000_000)  # sparse: instant to write, never read
    result = read_inputs(
        [str(path), str(SEED / "macron-biden-1.txt")], settings=Settings(max_bytes=10_000_000)
    )
    assert len(result.articles) == 1
    assert messages(result) == ["file is 20.0 MB, over the 10.0 MB limit"]
    big = read_inputs(["-"], stdin=io.BytesIO(b"a" * 2000), settings=Settings(max_bytes=1000))
    assert messages(big) == ["input is over the 1000 bytes limit"]


def test_two_hundred_articles_in_one_jsonl(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": f"Story {i}", "text": f"Body of story {i}: the minister said {i}."})
        for i in range(200)
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    result = read_inputs([path])
    assert result.problems == ()
    assert len(result.articles) == 200
    assert len({a.id for a in result.articles}) == 200
    capped = read_inputs(
        [path, str(SEED / "macron-biden-1.txt")], settings=Settings(max_articles=50)
    )
    assert len(capped.articles) == 50
    assert len(capped.problems) == 2
    assert "limit of 50 articles" in capped.problems[0].message
    assert capped.problems[1].message.startswith("not read")


def test_mixed_language_inputs(tmp_path: Path) -> None:
    paths = [
        str(SEED / "macron-biden-2.txt"),
        write(tmp_path, "ru.txt", RUSSIAN),
        write(tmp_path, "uk.txt", UKRAINIAN),
    ]
    result = read_inputs(paths)
    assert result.problems == ()
    _, ru, uk = result.articles
    assert all(a.lang is None for a in result.articles)
    assert ru.title == "Байден отверг идею Макрона"
    assert uk.title == "Байден не підтримав ідею Макрона"
    assert [r.kind for r in ru.removed] == ["share-prompt"]
    assert [r.text for r in uk.removed] == ["Поділитися"]
    assert ru.text.endswith("пишет Politico.")


def test_ids_are_stable_and_duplicates_read_once(tmp_path: Path) -> None:
    path = str(SEED / "macron-biden-2.txt")
    first = read_inputs([path]).articles[0]
    copy = write(tmp_path, "copy.txt", (SEED / "macron-biden-2.txt").read_bytes())
    assert read_inputs([copy]).articles[0].id == first.id
    both = read_inputs([path, copy])
    assert len(both.articles) == 1
    assert messages(both) == [f"same text as {path}; read once"]


# --- cleaning -----------------------------------------------------------------------------


def test_conservative_cleaning_keeps_sentences_and_numbers() -> None:
    raw = "\n".join(
        [
            "Parliament votes on the budget",
            "12 comments",
            "The vote passed 12 to 3 after a long debate in the chamber.",
            "12",
            "Share prices fell after the vote, analysts said.",
            "Share this article",
            "Follow us on Telegram",
            "Subscribe to our newsletter",
            "Подписывайтесь на наш канал",
            "Share this article if you think the minister was wrong to vote this way.",
        ]
    )
    art = article_from_text(raw, source="t")
    assert [(r.kind, r.line) for r in art.removed] == [
        ("comment-counter", 2),
        ("share-prompt", 6),
        ("share-prompt", 7),
        ("share-prompt", 8),
        ("share-prompt", 9),
    ]
    assert "\n12\n" in art.text  # a lone number inside the body stays
    assert "Share prices fell" in art.text
    assert "wrong to vote this way." in art.text


def test_headline_repeats_and_page_furniture() -> None:
    raw = "\n".join(
        [
            "Advertisement",
            "Assange Never Met Manafort",
            "",
            "assange never met manafort.",
            "The report said the two men met three times in London.",
            "Assange never met Manafort.",
            "Assange Never Met Manafort",
        ]
    )
    art = article_from_text(raw, source="t")
    assert art.title == "Assange Never Met Manafort"
    assert [(r.kind, r.line) for r in art.removed] == [
        ("page-furniture", 1),
        ("repeated-headline", 4),  # loose match in the header
        ("repeated-headline", 7),  # exact copy further down
    ]
    # in the body, a sentence that only looks like the headline stays
    assert art.text.endswith("London.\nAssange never met Manafort.")


def test_links_stamps_and_credits_are_not_the_article() -> None:
    # Source links above the headline, publication stamps and credit lines state nothing:
    # kept, they became the headline, "facts" shared by every outlet and "conflicting"
    # names ("(Fox News article)" against "(CNN News Article)").
    raw = "\n".join(
        [
            "http: / / www. example. com / 2007 / 04 / 09 / office-fire /",
            "Fire closes office block in Springfield",
            "POSTED: 1052 GMT (1852 HKT), April 10, 2007",
            "A fire closed an office block in Springfield on Monday, the fire service said.",
            '"(Daily Example article)',
            "Photo: Jane Roe/Example Agency",
            "Опубліковано 5 березня 2024 о 10:00",
            "(Nobody was hurt.)",
            "Photos show the roof of the building in flames.",
            "The building reopens on May 5 at 10:00.",
            "https://example.org/fire is where the owners posted their statement on Monday.",
        ]
    )
    art = article_from_text(raw, source="t")
    assert art.title == "Fire closes office block in Springfield"
    assert [(r.kind, r.line) for r in art.removed] == [
        ("link", 1),
        ("timestamp", 3),
        ("credit", 5),
        ("credit", 6),
        ("timestamp", 7),
    ]
    # a sentence in brackets, a short sentence about photos, a date inside a sentence and
    # a sentence that starts with an address all stay
    for kept in ("(Nobody was hurt.)", "Photos show", "May 5 at 10:00", "https://example.org"):
        assert kept in art.text


def test_a_credit_after_the_last_sentence_of_a_line_is_cut() -> None:
    # Segmented, '"(Daily Example article)' became a sentence of its own, aligned across
    # outlets as a fact on which they "differ" in name.
    raw = "\n".join(
        [
            "Fire closes office block",
            'The fire started on the roof, a firefighter said. "(Daily Example article)',
            'The car was a silver Ford with the plate BEY 0843." (Example News article)',
            "The mayor resigned on Monday. (He later returned.)",
            "Prices rose 5 percent in May (see chart)",
        ]
    )
    art = article_from_text(raw, source="t")
    assert [(r.kind, r.line, r.text) for r in art.removed] == [
        ("credit", 2, '"(Daily Example article)'),
        ("credit", 3, "(Example News article)"),
    ]
    assert 'said.\nThe car was a silver Ford with the plate BEY 0843."\n' in art.text
    assert "(He later returned.)" in art.text
    assert "(see chart)" in art.text  # not after the end of a sentence


def test_a_photo_credit_inside_a_line_is_cut() -> None:
    raw = "\n".join(
        [
            "Couple found dead in village",
            "The bodies were found on Monday. (Image: Jane Roe/Example Wire) A man was held.",
            "(Фото: Укрінформ) Пожежа почалася на даху.",
            "Inflation rose 5 percent (source: the statistics office) in May.",
            "The mayor (pictured) resigned on Monday.",
        ]
    )
    art = article_from_text(raw, source="t")
    assert [(r.kind, r.line, r.text) for r in art.removed] == [
        ("credit", 2, "(Image: Jane Roe/Example Wire)"),
        ("credit", 3, "(Фото: Укрінформ)"),
    ]
    assert "on Monday. A man was held.\nПожежа почалася на даху.\n" in art.text
    assert "(source: the statistics office)" in art.text  # a source, not a credit
    assert "(pictured)" in art.text


def test_a_link_given_as_title_is_no_headline() -> None:
    raw = "https://example.com/fire\nFire closes office block\n\nA fire closed an office block."
    art = article_from_text(raw, source="t", title="https://example.com/fire")
    assert art.title == "Fire closes office block"
    assert [(r.kind, r.line, r.text) for r in art.removed] == [
        ("link", 0, "https://example.com/fire"),
        ("link", 1, "https://example.com/fire"),
    ]


def test_article_from_text_rejects_noise_only() -> None:
    with pytest.raises(InputError, match="no article text"):
        article_from_text("Share this article\n\nComments are closed.\n", source="t")


INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b\u00ad]")
WORD = re.compile(r"\w+")
NOISE_LINES = [
    "0",
    "12",
    "12 comments",
    "Comments are closed.",
    "Share this article",
    "Поделиться",
    "Headline of the story",
    "Headline of the story",
    "A real sentence with a number 12 and more than eight words in it, surely.",
    "",
    "   ",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(NOISE_LINES), st.text(max_size=80)), max_size=12),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r"]),
)
def test_removals_are_real_and_never_long_lines(lines: list[str], sep: str) -> None:
    raw = sep.join(lines)
    try:
        art = article_from_text(raw, source="prop")
    except InputError:
        return
    assert art.id == article_id(art.text)
    if art.title:
        assert art.text == art.title or art.text.startswith(art.title + "\n\n")
    for removal in art.removed:
        assert removal.text in raw
        assert removal.line >= 1
        words = sum(1 for t in removal.text.split() if any(c.isalnum() for c in t))
        if removal.kind == "repeated-headline":
            # a copy of the headline kept at the top (invisible and mis-decoded characters
            # aside: "AÂ\xa00" repeats "A 0")
            assert art.title is not None
            repaired = repair_mojibake(removal.text)
            visible = unicodedata.normalize("NFC", INVISIBLE.sub("", repaired))
            assert WORD.findall(visible.casefold()) == WORD.findall(art.title.casefold())
        else:
            assert words <= 8


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_articles_or_one_line_problems(data: bytes) -> None:
    result = read_inputs(["-"], stdin=io.BytesIO(data))
    for problem in result.problems:
        assert problem.message
        assert "\n" not in problem.message
    for art in result.articles:
        replaced = any("\ufffd" in p.message for p in result.problems)
        assert "\ufffd" not in art.text or replaced or b"\xef\xbf\xbd" in data


def test_mojibake_is_repaired_and_the_original_kept() -> None:
    # UTF-8 read as Windows-1252 twice over, as in real scraped dumps (AllSides titles).
    title = "Romney attacks ObamaÃ¢â‚¬â„¢s Ã¢â‚¬Ëœtrickle down governmentÃ¢â‚¬â„¢"
    body = "The debate was close.\nObamaâ€™s answer came late, aides said.\nКиїв — «регіон»."
    art = article_from_text(body, source="t", title=title)
    assert art.title == "Romney attacks Obama’s ‘trickle down government’"
    assert "Obama’s answer came late" in art.text
    assert "Київ — «регіон»." in art.text  # correct non-ASCII text is left alone
    assert [(r.kind, r.line, r.text) for r in art.removed] == [
        ("mis-decoded", 0, title),
        ("mis-decoded", 2, "Obamaâ€™s answer came late, aides said."),
    ]
    assert art.id == article_id(art.text)


def test_repair_mojibake_leaves_good_text_alone() -> None:
    from storydiff.ingest import repair_mojibake

    for good in ["café naïve – “quote”", "Москва — «регион»", "5 °C", "plain ascii"]:
        assert repair_mojibake(good) == good
    assert repair_mojibake("Ð¡ÐµÐ½Ð°Ñ‚") == "Сенат"


# --- fuzzing: random Unicode, control characters, huge tokens ---------------------------------

# Any code point but surrogates (they cannot be written as UTF-8), controls and bidi
# formatting characters included, plus the characters that shape our formats.
_ANY = st.characters(exclude_categories=("Cs",))
_SHAPING = st.sampled_from(list('{}[]",:\n\r\t .!?<>&;\x00\x1b\u202e\u2067\u2069\ufeff'))
_FRAGMENT = st.text(alphabet=st.one_of(_ANY, _SHAPING), max_size=80)
_HUGE_TOKEN = st.builds(lambda c, n: c * n, _ANY, st.integers(1_000, 30_000))
_CONTENT = st.lists(st.one_of(_FRAGMENT, _HUGE_TOKEN), min_size=1, max_size=4).map("".join)
_SUFFIX = st.sampled_from([".txt", ".json", ".jsonl", ".html", ".md", ""])


def _one_line_problems(got: Ingested) -> None:
    for problem in got.problems:
        assert problem.message
        assert "\n" not in problem.message
        assert "Traceback" not in problem.message


@settings(max_examples=60, deadline=None)
@given(content=_CONTENT, suffix=_SUFFIX, raw=st.booleans())
def test_fuzzed_files_are_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, content: str, suffix: str, raw: bool
) -> None:
    # `raw`: the bytes as given, which may not be UTF-8 at all (a lone surrogate escape).
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    data = content.encode("utf-8")
    if raw:
        data = data[: len(data) // 2 or None] + b"\xff\xfe\x80" + data[len(data) // 2 :]
    path.write_bytes(data)
    got = read_inputs([str(path)], settings=Settings(max_bytes=200_000))
    _one_line_problems(got)
    for article in got.articles:
        assert article.text.strip()
        assert article.id == article_id(article.text)


@settings(max_examples=60, deadline=None)
@given(text=_CONTENT, title=st.one_of(st.none(), _FRAGMENT), outlet=st.one_of(st.none(), _FRAGMENT))
def test_fuzzed_text_becomes_an_article_or_an_input_error(
    text: str, title: str | None, outlet: str | None
) -> None:
    message = None
    try:
        article = article_from_text(text, source="fuzz", title=title, outlet=outlet)
    except InputError as err:  # the tool's own error, one line
        message = str(err)
    if message is not None:
        assert message
        assert "\n" not in message
    else:
        assert article.text.strip()


def test_cleaning_steps_run_in_order_and_each_says_why() -> None:
    from storydiff.ingest.clean import CLEANING_STEPS

    names = [step.__name__ for step in CLEANING_STEPS]
    # Counters are judged last: a lone number counts comments only next to other noise or
    # in the header, which the steps before it have marked.
    assert names == [
        "cut_credits",
        "mark_noise",
        "find_headline",
        "mark_repeated_headlines",
        "mark_comment_counters",
    ]
    assert all(len((step.__doc__ or "").split()) > 10 for step in CLEANING_STEPS)


def test_decoding_says_when_it_guessed() -> None:
    from storydiff.ingest.decode import decode

    plain = decode("Новини дня".encode(), html=False)
    assert (plain.text, plain.note) == ("Новини дня", None)
    guessed = decode("Новини дня, усе про події в країні".encode("cp1251"), html=False)
    assert guessed.text.startswith("Новини дня")
    assert guessed.note == "not UTF-8; read as Windows-1251 (Cyrillic)"
