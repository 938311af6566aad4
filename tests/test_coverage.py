"""What an outlet alone says inside shared facts (storydiff.coverage)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storydiff.align import Alignment
from storydiff.coverage import leftovers
from storydiff.records import Article, Evidence, Fact, Relation, Segmented, Sentence, Unit


def _seg(aid: str, text: str, lang: str = "en") -> Segmented:
    return Segmented(
        article=Article(id=aid, text=text),
        lang=lang,
        sentences=(Sentence(article_id=aid, index=0, start=0, end=len(text), text=text),),
    )


def _whole(seg: Segmented) -> tuple[Unit, ...]:
    s = seg.sentences[0]
    return (Unit(article_id=s.article_id, sentence_index=0, start=0, end=s.end, text=s.text),)


A = "The army evacuated the village on Monday using three borrowed fishing boats overnight."
B = "The army evacuated the village on Monday."
C = "Soldiers evacuated the village on Monday."
EXTRA = "using three borrowed fishing boats overnight"


def _partial(a: Segmented, other: Segmented, extra: str = EXTRA) -> Relation:
    start = a.article.text.index(extra)
    return Relation(
        a=(a.article.id, 0),
        b=(other.article.id, 0),
        label="partial",
        confidence=0.8,
        similarity=0.9,
        fuller=a.article.id,
        evidence=(
            Evidence(
                kind="extra",
                article_id=a.article.id,
                start=start,
                end=start + len(extra),
                text=extra,
            ),
        ),
    )


def test_what_a_fuller_version_adds_over_every_other_is_an_addition() -> None:
    a, b = _seg("a", A), _seg("b", B)
    fact = Fact(
        id="f1",
        members={"a": (0,), "b": (0,)},
        relations=(_partial(a, b),),
        label="partial",
        confidence=0.8,
    )
    alignment = Alignment(
        groups=(((0, 0), (1, 0)),),
        links=(),
        units=(_whole(a), _whole(b)),
        unit_groups=(((0, 0), (1, 0)),),
    )
    unique, additions = leftovers([a, b], alignment, [fact])
    assert unique == {"a": (), "b": ()}
    (add,) = additions["a"]
    assert (add.kind, add.text, add.fact_id) == ("extra", EXTRA, "f1")
    assert A[add.start : add.end] == add.text
    assert "b" not in additions


def test_extra_words_another_version_was_not_compared_with_are_not_claimed() -> None:
    # C's version is related to A's only as "agree": nobody checked that C lacks the words.
    a, b, c = _seg("a", A), _seg("b", B), _seg("c", C)
    agree = Relation(a=("a", 0), b=("c", 0), label="agree", confidence=0.9, similarity=0.95)
    fact = Fact(
        id="f1",
        members={"a": (0,), "b": (0,), "c": (0,)},
        relations=(_partial(a, b), agree),
        label="partial",
        confidence=0.8,
    )
    alignment = Alignment(
        groups=(((0, 0), (1, 0), (2, 0)),),
        links=(),
        units=(_whole(a), _whole(b), _whole(c)),
        unit_groups=(((0, 0), (1, 0), (2, 0)),),
    )
    _, additions = leftovers([a, b, c], alignment, [fact])
    assert not additions.get("a")


def test_a_related_link_the_scorer_matched_is_not_called_another_claim() -> None:
    from storydiff.align import Link
    from storydiff.coverage import related_links

    a = _seg("a", "The army evacuated the village of Brody on Monday.")
    b = _seg("b", "Soldiers moved everyone out of Brody on Monday.")
    link = Link(a=0, i=0, b=1, j=0, score=0.7, cosine=0.9)
    units = (_whole(a), _whole(b))

    def reason(accepted: tuple[Link, ...]) -> str:
        alignment = Alignment(
            groups=(), links=accepted, units=units, unit_groups=(), related=(link,)
        )
        (found,) = related_links([a, b], alignment)
        return found.reason

    # Kept out of the facts only by grouping: the scorer matched the two.
    assert "matched closely, but not grouped into one fact" in reason((link,))
    assert "not the same claim" not in reason((link,))
    # A link below the fact threshold, tied by the same actors: the scorer did not match
    # them, which is all the reason says; these two are one claim, so "not the same
    # claim" would be false.
    assert reason(()).endswith("; not matched as one claim")
    assert "not the same claim" not in reason(())


def _related_only(a: Segmented, b: Segmented, link: Any, **more: Any) -> Alignment:
    """The alignment of two one-sentence articles whose only link is a related ``link``."""
    units = (_whole(a), _whole(b))
    return Alignment(groups=(), links=(), units=units, unit_groups=(), related=(link,), **more)


def test_a_related_link_a_rule_kept_out_says_which_rule_and_never_two_claims() -> None:
    # The scorer read the two as one claim (0.996); a rule kept them out of the facts.
    # The reason gives the model's score cut, not rounded (not a certain "1.00"), the
    # rule in words, and names the names the rule let them share.
    from typing import get_args

    from storydiff.align import Link, Veto, VetoRule
    from storydiff.coverage import related_links

    a = _seg("a", "The Senate approved a bill that makes the day a holiday in the United States.")
    b = _seg("b", "Senators passed legislation making the date a United States holiday.")
    link = Link(a=0, i=0, b=1, j=0, score=0.996, cosine=0.93)

    def found(rule: VetoRule):  # type: ignore[no-untyped-def]
        (out,) = related_links(
            [a, b], _related_only(a, b, link, vetoed=(Veto(link=link, rule=rule),))
        )
        return out

    same = found("same-names")
    assert same.kept_out_by == "same-names"
    assert same.reason == (
        "the model scores them as one claim (0.99), but they share only the names both give "
        "(United States), words the whole story uses and words of time, so they are not "
        "counted as one fact"
    )
    for rule in get_args(VetoRule):
        reason = found(rule).reason
        assert reason.startswith("the model scores them as one claim (0.99), but ")
        assert reason.endswith(", so they are not counted as one fact")
        assert "not the same claim" not in reason
    assert "one reports a denial and the other does not" in found("denial").reason
    # Two spellings of one name are no shared word, but the reason does not hide the name.
    assert "they share no content word but the names both give (United States)" in (
        found("no-shared-word").reason
    )


def test_a_related_link_found_by_shared_evidence_is_not_called_another_claim() -> None:
    # An echo (``align.echoes``): the scorer passed the pair by only because the story's
    # mean hid what they share, so the reason says it did not match them, and how close
    # they are, never that they are two claims.
    from storydiff.align import Link
    from storydiff.coverage import related_links

    a = _seg("a", "Six senators of the opposition broke ranks on Friday.")
    b = _seg("b", "Senators Moll and Brandt broke ranks with their party.")
    link = Link(a=0, i=0, b=1, j=0, score=0.0, cosine=0.86)
    (found,) = related_links([a, b], _related_only(a, b, link, echoes=(link,)))
    assert found.reason.endswith("close in meaning (similarity 0.86), not matched as one claim")
    assert "ranks" in found.reason
    assert "not the same claim" not in found.reason


def test_a_related_link_is_never_about_an_auxiliary() -> None:
    # "both about if" named no subject; an auxiliary or pronoun is left out of the reason.
    from storydiff.align import Link
    from storydiff.coverage import related_links

    a = _seg("a", "If the council agrees, we will close the bridge.")
    b = _seg("b", "The mayor asked if we could see the plans.")
    link = Link(a=0, i=0, b=1, j=0, score=0.1, cosine=0.8)
    alignment = Alignment(
        groups=(), links=(), units=(_whole(a), _whole(b)), unit_groups=(), related=(link,)
    )
    (found,) = related_links([a, b], alignment)
    assert not found.reason.startswith("both about")
    assert found.reason.startswith("the model finds them close in meaning")


def _related_reason(a_text: str, b_text: str, lang: str = "en", lang_b: str = "") -> str:
    from dataclasses import replace

    from storydiff.align import Link
    from storydiff.coverage import related_links

    a = replace(_seg("a", a_text), lang=lang)
    b = replace(_seg("b", b_text), lang=lang_b or lang)
    link = Link(a=0, i=0, b=1, j=0, score=0.1, cosine=0.8)
    alignment = Alignment(
        groups=(), links=(), units=(_whole(a), _whole(b)), unit_groups=(), related=(link,)
    )
    (found,) = related_links([a, b], alignment)
    return found.reason


def test_a_related_reason_names_no_contraction_or_function_word() -> None:
    # "both about I'm", "both about cuts, doesn't", "both about или", "both about этом"
    assert _related_reason("“I'm not going to vote,” he said.", "I'm sure of it.").startswith(
        "the model finds them close in meaning"
    )
    # capitalised as a name is, "I’m" came through the names as well
    reason = _related_reason("The vote, I’m not sure of it, he said.", "“I’m not going to vote.”")
    assert not reason.startswith("both about I")
    reason = _related_reason("He doesn't back the cuts.", "The cuts doesn't pass.")
    assert reason.startswith("both about cuts;")
    reason = _related_reason(
        "Об этом сообщает агентство, или его сайт.", "При этом суд закрыт, или отложен.", "ru"
    )
    assert reason.startswith("the model finds them close in meaning")


def test_a_related_reason_names_no_uk_ru_function_word_or_verb_of_telling() -> None:
    # round six: "both about Согласно, женщины", "both about Роу, которое, против", "both
    # about Теперь, штатом", "both about Консерваторы, считают", "both about stated": a
    # preposition, a relative pronoun, an adverb or a verb of telling names no subject
    reason = _related_reason(
        "Согласно статистике, половина избирателей партии — женщины.",
        "Согласно данным института, решение затронет женщин.",
        "ru",
    )
    assert reason.startswith("both about женщины;")
    reason = _related_reason(
        "Теперь решение, которое приняли судьи, отменено.",
        "Теперь судьи, которое решение отменили, молчат.",
        "ru",
    )
    assert "Теперь" not in reason
    assert "которое" not in reason
    reason = _related_reason(
        "Консерваторы считают, что налоги растут.", "Экономисты считают, что налоги падают.", "ru"
    )
    assert "считают" not in reason
    # a telling verb in a form no list holds ("сообщает", "назвал", "повідомляє")
    reason = _related_reason(
        "Минобороны сообщает, что удар нанесён по складу.",
        "ТАСС сообщает, что склад горит.",
        "ru",
    )
    assert "сообщает" not in reason
    reason = _related_reason(
        "Глава МИД назвал санкции ошибкой.", "Премьер назвал переговоры полезными.", "ru"
    )
    assert "назвал" not in reason
    reason = _related_reason(
        "Згідно з даними, який рік був теплим.", "Згідно з планом, який діє.", "uk"
    )
    assert "Згідно" not in reason
    assert "який" not in reason
    reason = _related_reason(
        "The commander stated the road was closed.", "Officials stated nothing."
    )
    assert "stated" not in reason


def test_a_related_reason_names_no_piece_of_a_name() -> None:
    # "both about White" of "White House": the name is keyed by its last word, the story's
    # own "House" (left out), and its first word came back as a word of its own
    from storydiff.align import Link
    from storydiff.coverage import related_links

    a = _seg("a", "The White House said the country is on track.")
    b = _seg("b", "Aides at the White House asked how the country would vote.")
    c = _seg("c", "The House voted. The House spoke. The House met. The House sent it.")
    c_units = tuple(
        Unit(article_id="c", sentence_index=0, start=k, end=k + 20, text=t)
        for k, t in enumerate(c.article.text.split(". "))
    )
    link = Link(a=0, i=0, b=1, j=0, score=0.1, cosine=0.8)
    alignment = Alignment(
        groups=(),
        links=(),
        units=(_whole(a), _whole(b), c_units),
        unit_groups=(),
        related=(link,),
    )
    (found,) = related_links([a, b, c], alignment)
    assert found.reason.startswith("both about country;")


def test_a_line_that_states_nothing_is_not_only_in_one_outlet() -> None:
    # "DEVELOPMENTS IN UKRAINE", "Архивное фото", "Correction: December 1, 2010" were listed
    # as what only one outlet says: never compared with the others, nothing backs that
    lines = ["DEVELOPMENTS IN UKRAINE", "Архивное фото", "The army left the town on Monday."]
    text = "\n".join(lines)
    starts = [text.index(line) for line in lines]
    sentences = tuple(
        Sentence(article_id="a", index=i, start=s, end=s + len(line), text=line)
        for i, (s, line) in enumerate(zip(starts, lines, strict=True))
    )
    a = Segmented(article=Article(id="a", text=text), lang="en", sentences=sentences)
    b = _seg("b", "Fishermen landed a record catch of cod.")
    units = tuple(
        Unit(article_id="a", sentence_index=s.index, start=s.start, end=s.end, text=s.text)
        for s in sentences
    )
    alignment = Alignment(groups=(), links=(), units=(units, _whole(b)), unit_groups=())
    unique, _ = leftovers([a, b], alignment, [])
    assert unique == {"a": (2,), "b": (0,)}


def test_a_related_link_rests_on_one_name_not_on_two_that_share_a_key() -> None:
    # "Schenectady" and "Singh" share a name key (its first three sound codes), so a
    # related link between a sentence on the driver's home town and one on a victim's
    # nephew rested on nothing, and its reason fell back to "close in meaning".
    from storydiff.align.names import shared_names

    town = "Police caught up with the driver, who is from Schenectady, a few blocks away."
    nephew = "“We are really just shocked,” said her nephew, Ravi Singh, 32, of Coney Island."
    assert not shared_names(town, nephew)
    assert not shared_names("presidents like Michael D. Higgins", "Trump's anti-Muslim policies")
    assert shared_names("He is coming to London.", "Amnesty, a London-headquartered group")
    assert shared_names("a pledge to ban Muslims", "against Trump's anti-Muslim policies")
    # one name across scripts and case endings still meets itself
    assert shared_names(
        "Talks in Kyiv stalled, Zelensky said.", "Розмова у Києві, заявив Зеленський."
    )
    assert shared_names("Moscow blamed Zelensky for it.", "Москва звинуватила Зеленського.")
    assert shared_names("He met Zelensky in Kyiv.", "Він зустрівся із Зеленським.")


def test_a_related_reason_never_rests_on_a_date() -> None:
    # "both about Friday", "both about year": a day names no subject
    reason = _related_reason("Rep. King tweeted on Friday.", "He spoke on Friday in Boise.")
    assert reason.startswith("both mention Friday; the model finds them close in meaning")
    reason = _related_reason(
        "В понедельник они обнаружили пропажу.", "Его встретили в понедельник.", "ru"
    )
    assert reason.startswith("both mention понедельник; the model")
    assert _related_reason(
        "The tax cuts expire this year, the senator said.", "Tax cuts end next year."
    ).startswith("both about cuts, tax;")


# What the fuller version adds, of which its first phrase is said by a third article.
A2 = (
    "House members on Tuesday approved a $4.2 billion flood-relief plan that would rebuild "
    "the broken levees along the southern coast and pay dairy farmers for their lost "
    "summer harvests."
)
B2 = "House members on Tuesday held a vote."
C2 = "The chamber passed a $4.2 billion flood-relief plan."
EXTRA2 = (
    "approved a $4.2 billion flood-relief plan that would rebuild the broken levees along "
    "the southern coast and pay dairy farmers for their lost summer harvests"
)


def _extra_fact(a: Segmented, b: Segmented, extra: str, *rest: Segmented) -> tuple[Fact, Alignment]:
    partial = _partial(a, b, extra)
    fact = Fact(
        id="f1",
        members={a.article.id: (0,), b.article.id: (0,)},
        relations=(partial,),
        label="partial",
        confidence=0.8,
    )
    alignment = Alignment(
        groups=(((0, 0), (1, 0)),),
        links=(),
        units=(_whole(a), _whole(b), *map(_whole, rest)),
        unit_groups=(((0, 0), (1, 0)),),
    )
    return fact, alignment


def test_an_addition_is_cut_to_the_phrases_no_other_article_says() -> None:
    # The third article is in no fact with the first: its plan is still said elsewhere.
    a, b, c = _seg("a", A2), _seg("b", B2), _seg("c", C2)
    fact, alignment = _extra_fact(a, b, EXTRA2, c)
    _, additions = leftovers([a, b, c], alignment, [fact])
    (add,) = additions["a"]
    assert add.text == (
        "that would rebuild the broken levees along the southern coast and pay dairy "
        "farmers for their lost summer harvests"
    )
    assert A2[add.start : add.end] == add.text


def test_an_addition_whose_new_words_are_names_and_numbers_is_none() -> None:
    text = "Officials said the levee held, as Olena Petrenko and Ivan Kovalenko reported 42 calls."
    extra = "as Olena Petrenko and Ivan Kovalenko reported 42 calls"
    a, b = _seg("a", text), _seg("b", "Officials said the levee held and calls were reported.")
    fact, alignment = _extra_fact(a, b, extra)
    _, additions = leftovers([a, b], alignment, [fact])
    assert not additions.get("a")


def _first_unit_shared(units_a: tuple[Unit, ...], *rest: Segmented) -> Alignment:
    """Article a's first unit in one fact with the first of ``rest``, nothing else."""
    return Alignment(
        groups=(((0, 0), (1, 0)),),
        links=(),
        units=(units_a, *map(_whole, rest)),
        unit_groups=(((0, 0), (1, 0)),),
    )


def _clause_units(text: str, first: str, clause: str) -> tuple[Unit, Unit]:
    """The two units of "``first``, ``clause``.": the first in a fact, the clause not."""
    start = text.index(clause)
    return (
        Unit(article_id="a", sentence_index=0, start=0, end=len(first), text=first, whole=False),
        Unit(
            article_id="a",
            sentence_index=0,
            start=start,
            end=start + len(clause),
            text=clause,
            whole=False,
        ),
    )


def test_a_left_over_clause_another_article_states_is_not_an_addition() -> None:
    # Alignment missed the third article's sentence: its words still say the clause.
    first = "The council approved the new bridge plan on Monday"
    clause = "and the city will close the old ferry crossing next spring"
    text = f"{first}, {clause}."
    a = _seg("a", text)
    b = _seg("b", f"{first}.")
    c = _seg("c", "Officials said the city will close the old ferry crossing next spring.")
    units_a = _clause_units(text, first, clause)
    alignment = _first_unit_shared(units_a, b, c)
    unique, additions = leftovers([a, b, c], alignment, [])
    assert not additions.get("a")
    # without the third article nobody else says it: the clause is an addition
    alone_pair = Alignment(
        groups=alignment.groups,
        links=(),
        units=(units_a, _whole(b)),
        unit_groups=alignment.unit_groups,
    )
    (add,) = leftovers([a, b], alone_pair, [])[1]["a"]
    assert (add.kind, add.text) == ("clause", clause)
    assert unique["c"] == (0,)


@pytest.mark.parametrize(
    ("lang", "first", "clause", "other"),
    [
        (
            "en",
            "The council approved the new bridge plan on Monday",
            "and the towns will shut two old ports for ten days",
            "Officials said each town will shut an old port for a day.",
        ),
        (
            "uk",
            "Рада схвалила план мосту в понеділок",
            "а міста закриють два старі порти на десять днів",
            "Чиновники сказали, що кожне місто закриє старий порт на день.",
        ),
        (
            "ru",
            "Совет одобрил план моста в понедельник",
            "а города закроют два старых порта на десять дней",
            "Чиновники сказали, что каждый город закроет старый порт на день.",
        ),
    ],
)
def test_a_clause_another_article_says_in_other_word_forms_is_not_an_addition(
    lang: str, first: str, clause: str, other: str
) -> None:
    # Issue 10, session 11: "towns", "ports", "days" beside "town", "port", "day" (and
    # "міста" / "місто", "днів" / "день", "города" / "город") were other words to the
    # 5-letter keys, so the clause was shown as nobody else's
    text = f"{first}, {clause}."
    a = _seg("a", text, lang)
    b = _seg("b", f"{first}.", lang)
    c = _seg("c", other, lang)
    units_a = _clause_units(text, first, clause)
    alignment = _first_unit_shared(units_a, b, c)
    assert not leftovers([a, b, c], alignment, [])[1].get("a")


def test_a_clause_another_article_says_with_an_acronym_or_a_hyphen_is_not_an_addition() -> None:
    # Issue 10, session 11: "United States" beside "U.S.", "e-mail" beside "email"
    first = "The council approved the new bridge plan on Monday"
    clause = "and the United States will read every email from the ferry company"
    text = f"{first}, {clause}."
    a, b = _seg("a", text), _seg("b", f"{first}.")
    c = _seg("c", "Officials said the U.S. will read each e-mail from the ferry company.")
    alignment = _first_unit_shared(_clause_units(text, first, clause), b, c)
    assert not leftovers([a, b, c], alignment, [])[1].get("a")


UK = "Як сказала Олена Петренко, рада витратила 4,2 млн у 2023 році та 3,1 млн у 2024 році."


def test_figures_and_names_are_looked_up_across_languages() -> None:
    # The Ukrainian article gives the same figures ("4,2 млн", by value) and the same
    # person ("Олена Петренко", by name key): the English phrase is said there.
    extra = "spending 4.2 million in 2023 and 3.1 million in 2024, as Olena Petrenko said"
    text = f"The city council approved the bridge budget on Monday, {extra}."
    a, b = _seg("a", text), _seg("b", "The city council approved the bridge budget on Monday.")
    c = Segmented(
        article=Article(id="c", text=UK),
        lang="uk",
        sentences=(Sentence(article_id="c", index=0, start=0, end=len(UK), text=UK),),
    )
    fact, alignment = _extra_fact(a, b, extra, c)
    _, additions = leftovers([a, b, c], alignment, [fact])
    assert not additions.get("a")
    # without the Ukrainian article the figures are the English outlet's own
    fact, alignment = _extra_fact(a, b, extra)
    (add,) = leftovers([a, b], alignment, [fact])[1]["a"]
    assert add.text == extra


def test_a_related_reason_names_no_word_of_a_language_whose_function_words_are_unknown() -> None:
    # "both about Il, au, dans, que", "both about werden", "both about كما": the
    # function words of fr, de and ar are not listed, so no shared word is known to name
    # a subject there; names and numbers still are.
    for a_text, b_text, lang in (
        (
            "Il est mort dans la nuit, a dit que sa famille.",
            "Il a vécu dans la ville et au port.",
            "fr",
        ),
        ("Bisher werden 158 Stimmgebiete gezählt.", "Alle 51 Bezirke werden jetzt gezählt.", "de"),
        ("كما بلغ إجمالي التعويضات 11 مليون ريال", "كما أعلن البرنامج تفاصيل الدفعة", "ar"),
    ):
        reason = _related_reason(a_text, b_text, lang)
        assert reason.startswith("the model finds them close in meaning"), reason
    reason = _related_reason(
        "In Frankfurt werden 51 gezählt.", "Die Zahl in Frankfurt werden 12.", "de"
    )
    assert reason.startswith("both about Frankfurt;"), reason
    # across two languages a 5-letter stem may be two words ("general" / "generates")
    reason = _related_reason(
        "La situación general del turismo generará ingresos.",
        "Tourism will generate revenue in general.",
        "es",
        "en",
    )
    assert reason.startswith("the model finds them close in meaning"), reason
    # an acronym is written alike in any language ("both about SPD, dem" keeps SPD)
    reason = _related_reason(
        "8 für die SPD und dem Rat.", "Die SPD erreichte dem Bezirk zehn.", "de"
    )
    assert reason.startswith("both about SPD;"), reason
    # two numbers are read in any language
    reason = _related_reason("Cerró con 167 rutas.", "It closed with 167 routes.", "es", "en")
    assert reason.startswith("both about 167;"), reason


def test_a_related_reason_names_no_preposition_or_conjunction() -> None:
    # "both about between, speaker", "both about during, metadata", "both about whether"
    reason = _related_reason(
        "The talks between the parties stalled during the recess.",
        "A deal between the parties came during the recess.",
    )
    assert reason.startswith("both about parties, recess;"), reason
    reason = _related_reason("Nobody knows whether it passes.", "He asked whether it passes.")
    assert "whether" not in reason, reason


def test_an_addition_cut_inside_a_phrase_is_moved_out_to_its_edges() -> None:
    # The word-by-word comparison stopped at "from the": the addition is the whole
    # phrase, not one that ends on a dangling article.
    text = f"{B[:-1]} using three borrowed fishing boats from the harbour."
    a, b = _seg("a", text), _seg("b", B)
    fact, alignment = _extra_fact(a, b, "using three borrowed fishing boats from the")
    (add,) = leftovers([a, b], alignment, [fact])[1]["a"]
    assert add.text == "using three borrowed fishing boats from the harbour"


# An addition's phrase is looked up through an index of which sentences hold each word
# (``_Holders``); it must answer what testing every other article's sentence in turn does.
_STEMS = st.sampled_from(["army", "evacu", "villa", "boats", "monda", "troop"])
_FORMS = st.sampled_from(["army", "armies", "=us", "~us", "boat", "troops"])
_NAMES = st.sampled_from(["kyiv", "nato", "biden"])
_FIGURES = st.sampled_from([1.0, 3.5, 2024.0])


@st.composite
def _sentence_keys(draw: st.DrawFn) -> Any:
    from storydiff.coverage import _Keys

    return _Keys(
        stems=frozenset(draw(st.sets(_STEMS, max_size=4))),
        forms=frozenset(draw(st.sets(_FORMS, max_size=3))),
        names=frozenset(draw(st.sets(_NAMES, max_size=2))),
        numbers=frozenset(draw(st.sets(_FIGURES, max_size=2))),
    )


@st.composite
def _phrase_word(draw: st.DrawFn) -> Any:
    from storydiff.coverage import _Word

    if draw(st.integers(0, 4)) == 0:
        return _Word(number=draw(_FIGURES))
    return _Word(
        stem=draw(_STEMS),
        forms=frozenset(draw(st.sets(_FORMS, max_size=2))),
        name=draw(st.one_of(st.just(""), _NAMES)),
    )


@given(
    st.lists(st.lists(_sentence_keys(), max_size=4), min_size=1, max_size=4),
    st.lists(_phrase_word(), max_size=6),
    st.integers(0, 3),
)
def test_said_in_a_sentence_is_the_test_of_each_other_sentence(
    articles: list[list[Any]], words: list[Any], me: int
) -> None:
    from storydiff.coverage import EXTRA_SAID, _holders, _Said, _said_in_a_sentence

    sentences = {f"a{i}": tuple(ks) for i, ks in enumerate(articles)}
    own = f"a{me % len(articles)}"
    said = _Said(sentences=sentences, stems={}, forms={}, words={}, holders=_holders(sentences))

    def holds(word: Any, keys: Any) -> bool:
        if word.number is not None:
            return word.number in keys.numbers
        return (
            word.stem in keys.stems
            or not word.forms.isdisjoint(keys.forms)
            or (bool(word.name) and word.name in keys.names)
        )

    plain = [w for w in words if not w.name]
    named = [w for w in words if w.name]
    expected = any(
        sum(holds(w, keys) for w in plain) >= max(2, EXTRA_SAID * len(plain))
        and sum(holds(w, keys) for w in named) >= EXTRA_SAID * len(named)
        for aid, ks in sentences.items()
        if aid != own
        for keys in ks
    )
    assert _said_in_a_sentence(words, said, own) is expected


def test_a_related_reason_names_no_form_of_to_be() -> None:
    # round nine: "both about было" (a Russian past of "to be") named no subject
    reason = _related_reason(
        "Также было показано, что легализация улучшает экономику штата.",
        "Мы привносим безопасность, о которой ранее не было жалоб.",
        "ru",
    )
    assert "было" not in reason
    reason = _related_reason(
        "Також було показано, що легалізація покращує економіку.",
        "Раніше скарг не було.",
        "uk",
    )
    assert "було" not in reason
