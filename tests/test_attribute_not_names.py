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
