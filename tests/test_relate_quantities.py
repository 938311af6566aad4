"""Figures in relation reasons (relate/quantities.py): shown as the text writes them, and
no conflict where a language's counted nouns and periods are not read."""

from __future__ import annotations

import pytest

from storydiff.records import Relation, Sentence
from storydiff.relate import Pair
from storydiff.relate.classifier import FeatureRelater
from storydiff.relate.features import extract, read_sentence
from storydiff.relate.findings import SideView
from storydiff.relate.quantities import quantities


def _sentence(article: str, text: str) -> Sentence:
    return Sentence(article_id=article, index=1, start=10, end=10 + len(text), text=text)


def _pair(a: str, b: str, sim: float, langs: str = "en en") -> Pair:
    lang_a, lang_b = langs.split()
    return Pair(
        a=_sentence("A", a),
        b=_sentence("B", b),
        lang_a=lang_a,
        lang_b=lang_b,
        similarity=sim,
        label_a="a.txt",
        label_b="b.txt",
    )


def _side(text: str) -> SideView:
    tokens, dates = read_sentence(text, None)
    return SideView(
        sent=_sentence("A", text), name="a", tokens=list(tokens), dates=list(dates), key="a"
    )


@pytest.fixture(scope="module")
def relater() -> FeatureRelater:
    return FeatureRelater()


def _relate(relater: FeatureRelater, p: Pair) -> Relation:
    (rel,) = relater.relate([p])
    return rel


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("The House advanced a $1 trillion infrastructure bill.", "$1 trillion"),
        ("Prices rose 12% in a year.", "12%"),
        ("Prices rose 5 per cent in a year.", "5 per cent"),
        ("The fund holds €2 bn in bonds.", "€2 bn"),
        ("The budget adds 3.5 trillion dollars in spending.", "3.5 trillion dollars"),
        ("The veteran raised 30 million pounds for the health service.", "30 million pounds"),
        ("Його бюджет становить 2,3 млрд гривень.", "2,3 млрд гривень"),
        ("Бюджет составил 2,3 млрд рублей.", "2,3 млрд рублей"),
        ("Безробіття зросло на 4 відсотки.", "4 відсотки"),
        ("Unemployment rose 1.25 percentage points.", "1.25 percentage points"),
    ],
)
def test_a_figure_is_shown_with_its_scale_and_currency(text: str, shown: str) -> None:
    """ "1" of "$1 trillion" reads as one: the reason shows the figure as written."""
    (q,) = quantities(_side(text))
    assert q.text == shown
    assert text[q.start : q.end] == shown


def test_number_only_in_shows_the_written_figure_and_points_at_it() -> None:
    a = "In a 220-212 vote, the House advanced a $1 trillion infrastructure bill."
    b = "The House advanced the infrastructure bill."
    feats = extract(_pair(a, b, 0.9))
    (found,) = [f for f in feats.findings if f.kind == "number"]
    assert found.reason == "number only in a.txt: 220, 212, $1 trillion"
    assert [e.text for e in found.evidence] == ["220", "212", "$1 trillion"]
    assert found.evidence[-1].start == 10 + a.index("$1 trillion")


def test_a_trillion_is_a_scale_and_its_currency_is_one_however_written() -> None:
    """ "$3.5 trillion" and "3.5 trillion dollars" are one figure: no number finding."""
    feats = extract(
        _pair(
            "Democrats passed a $3.5 trillion budget resolution.",
            "Democrats passed a budget resolution of 3.5 trillion dollars.",
            0.95,
        )
    )
    assert not [f for f in feats.findings if f.kind == "number"]


def test_two_trillions_still_differ(relater: FeatureRelater) -> None:
    rel = _relate(
        relater,
        _pair(
            "Democrats passed a $3.5 trillion budget resolution.",
            "Democrats passed a $1 trillion budget resolution.",
            0.97,
        ),
    )
    assert rel.label == "conflict"
    assert "number differs: $3.5 trillion vs $1 trillion" in rel.reasons


def test_people_counted_in_millions_are_no_money() -> None:
    """ "5 миллионов европейцев" counts people: "евро" starts the word, it is no euro."""
    (q,) = quantities(_side("В Грузии живёт 5 миллионов европейцев."))
    assert q.unit is None
    assert q.text == "5 миллионов"
    (q,) = quantities(_side("Ей выделили 5 миллионов евро."))
    assert q.unit == "eur"


@pytest.mark.parametrize("langs", ["pl pl", "pl en", "ar ar"])
def test_no_conflict_where_the_slot_is_not_read(relater: FeatureRelater, langs: str) -> None:
    """ "161 osób z prowincji" and "996 osób Died" share the word after the figure, which
    in Polish need not be what is counted: the figures differ, no conflict is shown."""
    a = "Ministerstwo potwierdziło 161 osób z prowincji."
    b = "Ministerstwo potwierdziło 996 osób z prowincji."
    rel = _relate(relater, _pair(a, b, 0.95, langs))
    assert rel.label == "partial"
    assert "number differs: 161 vs 996" in rel.reasons


def test_the_same_slot_in_english_still_conflicts(relater: FeatureRelater) -> None:
    a = "The ministry confirmed 161 infections in the province."
    b = "The ministry confirmed 996 infections in the province."
    for langs in ("en en", "en uk"):
        rel = _relate(relater, _pair(a, b, 0.95, langs))
        assert rel.label == "conflict"
        assert "number differs: 161 vs 996" in rel.reasons


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        # a German or Spanish "Billion"/"billón" is a million million; "Milliarden",
        # "milliards", "miliardy" and "mil millones" a thousand million
        ("Die Schulden erreichten 3 Billionen Euro.", 3e12, "3 Billionen Euro"),
        ("La deuda alcanzó 2 billones de euros.", 2e12, "2 billones"),
        ("La deuda alcanzó 1 billón de euros.", 1e12, "1 billón"),
        ("Der Bund gibt 7 Milliarden Euro aus.", 7e9, "7 Milliarden Euro"),
        ("L'État dépense 3 milliards d'euros.", 3e9, "3 milliards"),
        ("Rząd wyda 4 miliardy złotych.", 4e9, "4 miliardy złotych"),
        ("El Gobierno gastará 5 mil millones de dólares.", 5e9, "5 mil millones"),
        ("El Gobierno gastará 5 millones de dólares.", 5e6, "5 millones"),
    ],
)
def test_scale_words_of_other_languages(text: str, value: float, shown: str) -> None:
    (q,) = quantities(_side(text))
    assert (q.low + q.high) / 2 == pytest.approx(value)
    assert q.text == shown


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("Mandat wynosi 1 000 zł za wykroczenie.", "pln", "1 000 zł"),
        ("Kara wynosi 200 złotych.", "pln", "200 złotych"),
        ("Штраф становить 500 грн за порушення.", "uah", "500 грн"),
        ("Штраф составит 100 руб. за нарушение.", "rub", "100 руб"),
        ("Штраф составит 50 рублей.", "rub", "50 рублей"),
    ],
)
def test_a_currency_after_a_bare_figure_is_money(text: str, unit: str, shown: str) -> None:
    (q,) = quantities(_side(text))
    assert q.unit == unit
    assert q.text == shown
