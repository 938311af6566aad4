"""False findings a fact-checker would not sign, found by running the CLI on real
pairs: each test pins the general rule that keeps one out."""

from __future__ import annotations

import re

from storydiff.records import Relation
from storydiff.render._base import fuller_note
from storydiff.render.markdown import render_markdown
from storydiff.render.text import render_text


def test_fuller_note_is_not_repeated_when_the_reason_says_it() -> None:
    rel = Relation(
        a=("a", 1),
        b=("b", 0),
        label="stronger",
        confidence=1.0,
        similarity=0.9,
        reasons=("same decision (against), B says it more strongly: 'blocked' (B)",),
        stronger="b",
    )
    labels = {"a": "A", "b": "B"}
    assert fuller_note(rel, labels, said="; ".join(rel.reasons)) == ""
    assert fuller_note(rel, labels) == "B says it more strongly"


def test_no_rendered_line_says_the_same_thing_twice(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    # text wraps a relation over several lines; the next relation starts with "#n"
    flat = re.sub(r"\s+", " ", render_text(seed_comparison))
    for note in ("says it more strongly", "says more"):
        assert not re.search(re.escape(note) + r"[^#]*" + re.escape(note), flat)
        for line in render_markdown(seed_comparison).splitlines():
            assert line.count(note) <= 1, line


def test_reasons_name_the_outlets_not_their_positions() -> None:
    # With three outlets, "only in B" in a relation between the second and third names
    # the wrong one: a reason names the version by its outlet's label.
    from storydiff.records import Sentence
    from storydiff.relate._base import Pair
    from storydiff.relate.classifier import FeatureRelater

    def sent(aid: str, text: str) -> Sentence:
        return Sentence(article_id=aid, index=0, start=0, end=len(text), text=text)

    p = Pair(
        a=sent("x", "Biden did not support the idea."),
        b=sent("y", "US President Joe Biden has reportedly blocked the idea, Politico said."),
        lang_a="en",
        lang_b="en",
        similarity=0.86,
        label_a="Kyiv Post",
        label_b="TASS",
    )
    (rel,) = FeatureRelater().relate([p])
    said = "; ".join(rel.reasons)
    assert "TASS says it more strongly" in said, said
    assert "only in TASS" in said, said
    assert not re.search(r"\b(?:in|\()[AB]\b", said), said
