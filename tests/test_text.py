"""The shared text helpers: word patterns, the script test, lenient dates, name folding."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storydiff.text.dates import parse_iso_date
from storydiff.text.names import first_sound, fold, sound_key
from storydiff.text.scripts import script_of
from storydiff.text.words import APOSTROPHE_WORD, JOINED_WORD, LETTERS, TOKEN, WORD_OR_NUMBER

TEXT_PACKAGE = Path(__file__).parent.parent / "storydiff" / "text"


def test_text_is_a_foundation_layer_that_imports_no_other_stage() -> None:
    # Every stage may import storydiff.text only while it imports none of them back.
    modules = sorted(TEXT_PACKAGE.glob("*.py"))
    assert modules
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, path.name  # "from .. import" leaves the package
                names = [node.module or ""] if node.level == 0 else []
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not [n for n in names if n.split(".")[0] == "storydiff"], path.name


# --- words --------------------------------------------------------------------------------


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_ukrainian_apostrophe_keeps_a_word_whole_where_stages_need_it(apostrophe: str) -> None:
    word = f"пам{apostrophe}ять"
    assert JOINED_WORD.findall(f"Вічна {word}.") == ["Вічна", word]
    assert APOSTROPHE_WORD.findall(f"Вічна {word}.") == ["Вічна", word]
    # A count of tokens splits it at a typed or typographic apostrophe; the Ukrainian
    # letter apostrophe (U+02BC) is a letter to Unicode, so every pattern keeps it.
    whole = apostrophe == "ʼ"
    assert TOKEN.findall(word) == ([word] if whole else ["пам", "ять"])
    assert LETTERS.findall(word) == ([word] if whole else ["пам", "ять"])


def test_english_elision_and_possessive() -> None:
    text = "O'Brien didn't say it was Kiev's plan."
    assert JOINED_WORD.findall(text) == ["O'Brien", "didn't", "say", "it", "was", "Kiev's", "plan"]
    assert APOSTROPHE_WORD.findall(text) == JOINED_WORD.findall(text)
    assert TOKEN.findall("didn't") == ["didn", "t"]


def test_hyphens_join_only_for_attribution() -> None:
    text = "Ростов-на-Дону, COVID-19"
    assert JOINED_WORD.findall(text) == ["Ростов-на-Дону", "COVID-19"]
    assert APOSTROPHE_WORD.findall(text) == ["Ростов", "на", "Дону", "COVID"]
    assert TOKEN.findall(text) == ["Ростов", "на", "Дону", "COVID", "19"]


def test_numbers_are_one_word_with_their_separators_for_alignment() -> None:
    text = "Погибли 1,200.5 человек, 24 ранены; R2-D2"
    assert WORD_OR_NUMBER.findall(text) == [
        "Погибли",
        "1,200.5",
        "человек",
        "24",
        "ранены",
        "R",
        "2",
        "D",
        "2",
    ]


def test_letters_leave_out_digits_and_underscore() -> None:
    assert LETTERS.findall("Київ_2024 Kyiv3") == ["Київ", "Kyiv"]
    assert TOKEN.findall("Київ_2024 Kyiv3") == ["Київ_2024", "Kyiv3"]


# --- scripts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Russia said on Monday that talks would resume.", "latn"),
        ("Росія заявила, що переговори відновляться.", "cyrl"),
        ("Россия заявила, что переговоры возобновятся.", "cyrl"),
        ("", "latn"),
        ("2024 — 1,200!", "latn"),
        ("Ελλάδα", "latn"),  # another script is not Cyrillic
    ],
)
def test_script_of_latin_and_cyrillic(text: str, script: str) -> None:
    assert script_of(text) == script


def test_mixed_text_is_cyrillic_past_a_quarter_of_its_characters() -> None:
    # 8 characters: 2 Cyrillic is exactly a quarter (not past it), 3 is past it.
    assert script_of("аб cdefg") == "latn"
    assert script_of("абв defg") == "cyrl"
    # A Cyrillic sentence quoting a long Latin name stays Cyrillic.
    assert script_of("Заявив Josep Borrell у Брюсселі") == "cyrl"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", dt.date(2024, 3, 5)),
        ("2024-03-05 23:59:59+03:00", dt.date(2024, 3, 5)),
        ("  2024-03-05\n", dt.date(2024, 3, 5)),
        ("March 5, 2024", None),
        ("5 березня 2024", None),
        ("2024-02-30", None),
        ("2024-3-5", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_iso_date_is_lenient(value: str | None, day: dt.date | None) -> None:
    assert parse_iso_date(value) == day


@given(st.dates(), st.sampled_from(["", "T00:00:00Z", " 12:30", "T23:59:59.999+05:30"]))
def test_parse_iso_date_reads_the_day_of_any_iso_timestamp(day: dt.date, rest: str) -> None:
    assert parse_iso_date(f"{day.isoformat()}{rest}") == day


@given(st.text())
def test_parse_iso_date_never_raises(value: str) -> None:
    assert parse_iso_date(value) is None or isinstance(parse_iso_date(value), dt.date)


# --- names --------------------------------------------------------------------------------


def test_fold_makes_one_spelling_of_yo_and_apostrophes() -> None:
    assert fold("Пам'ять") == fold("пам’ять") == "памʼять"
    assert fold("Алёна") == "алена"


@pytest.mark.parametrize(("a", "b"), [("Biden", "Байдена"), ("Kharkiv", "Харків")])
def test_names_in_two_scripts_share_keys(a: str, b: str) -> None:
    assert sound_key(a) == sound_key(b)
    assert first_sound(a) == first_sound(b)


@given(st.text())
def test_fold_leaves_one_apostrophe_and_no_yo(text: str) -> None:
    folded = fold(text)
    assert "'" not in folded
    assert "’" not in folded
    assert "ё" not in folded
