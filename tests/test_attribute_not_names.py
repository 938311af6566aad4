"""Who says what: a voice's name must be the speaker's (issue 10, round six): a body named
after a person is the body, a body's name with a comma list is one voice, a bare title is
no name, an update stamp no speaker; on hand-written articles."""

from __future__ import annotations

import pytest

from storydiff.attribute import Sources, attribute, people_across
from storydiff.records import Article
from storydiff.segment import segment


def run(text: str, lang: str, aid: str = "t") -> Sources:
    return attribute(segment(Article(id=aid, text=text, lang=lang)))


def named(src: Sources) -> set[tuple[str, str]]:
    return {(a.source_name, a.source_kind) for a in src.attributions if a.source_name}


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("The Obama administration said on Tuesday that the sanctions would stay.",
         "Obama administration"),
        ("The Trump campaign said it would appeal the ruling.", "Trump campaign"),
        ("The Kennedy family said in a statement that they were grateful.", "Kennedy family"),
    ],
)  # fmt: skip
def test_a_body_named_after_a_person_is_the_body(sentence: str, body: str) -> None:
    # "the Obama administration said" was Obama's word, and across outlets "Barack Obama"'s
    src = run(f"President Barack Obama spoke on Monday. {sentence}", "en")
    assert named(src) == {(body, "organisation")}
    across = people_across({"A": src, "B": run("Barack Obama said he would veto it.", "en")})
    assert (body, "organisation") in named(across["A"])


def test_a_body_s_name_with_a_list_is_one_voice() -> None:
    # the agency, which the tagger reads as "Alberta Gaming" (a person) and two bodies;
    # countries the tagger reads apart stay apart
    src = run(
        "In 2019, Alberta Gaming, Liquor and Cannabis acknowledged the increase in crime, "
        "urging operators to employ video surveillance. Argentina, Australia and Brazil said "
        "they would act.",
        "en",
    )
    assert named(src) == {
        ("Alberta Gaming, Liquor and Cannabis", "organisation"),
        *((c, "organisation") for c in ("Argentina", "Australia", "Brazil")),
    }


def test_a_capitalised_body_s_head_is_no_person() -> None:
    # "Office" was a person of the affiliation "Bristol District Attorney's"
    src = run(
        "Gary Gomes was arrested yesterday, according to the Bristol District Attorney's "
        "Office. The U.S. imported more steel, according to the U.S. Department of Commerce. "
        "The Kyodo News Service reported that the talks failed.",
        "en",
    )
    assert named(src) == {
        ("Bristol District Attorney's Office", "organisation"),
        ("U.S. Department of Commerce", "organisation"),
        ("Kyodo News Service", "outlet"),
    }


def test_a_bare_title_is_no_person_s_name() -> None:
    src = run(
        "Afghan President Says He Is Remobilizing Forces\n"
        "KABUL — President Ashraf Ghani said on Saturday that he was remobilizing the army. "
        "Connecticut Attorney General and U.S. Senate candidate Richard Blumenthal is "
        "defending himself against a report he misstated his service.",
        "en",
    )
    people = {a.source_name for a in src.attributions if a.source_kind == "person"}
    assert people == {"Ashraf Ghani", "Richard Blumenthal"}
    assert ("Afghan President", "anonymous") in named(src)


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: Richard Blumenthal defended himself against charges that he lied.",
        "UPDATE 2:52 p.m. -- Additional records disclosed Wednesday revealed that he lied.",
    ],
)
def test_an_update_stamp_is_no_speaker(text: str) -> None:
    src = run(f"Richard Blumenthal spoke on Monday.\n\n{text}", "en")
    assert not any("UPDATE" in a.source_name for a in src.attributions)


def test_a_name_after_a_title_s_office_is_the_person() -> None:
    # "Minister" was the person, and "he" resolved to it; a body's officer named after it
    # speaks, not the body
    src = run(
        "Russian Minister of Transport Maxim Sokolov said the bridge would open. He added "
        "that it was safe. Republican National Committee (RNC) Chairwoman Ronna Romney "
        "McDaniel warned that the party would fight.",
        "en",
    )
    assert named(src) == {("Maxim Sokolov", "person"), ("Ronna Romney McDaniel", "person")}
