"""Two different acts in one frame are no agreement (issue 10, session 12)."""

from __future__ import annotations

import pytest

from storydiff.records import Sentence
from storydiff.relate import Pair
from storydiff.relate.acts import is_act
from storydiff.relate.classifier import FeatureRelater


def _pair(a: str, b: str, lang: str, sim: float = 0.98) -> Pair:
    return Pair(
        a=Sentence(article_id="A", index=1, start=0, end=len(a), text=a),
        b=Sentence(article_id="B", index=1, start=0, end=len(b), text=b),
        lang_a=lang,
        lang_b=lang,
        similarity=sim,
    )


@pytest.fixture(scope="module")
def relater() -> FeatureRelater:
    return FeatureRelater()


@pytest.mark.parametrize(
    ("a", "b", "lang", "acts"),
    [
        (
            "Одесса стала первым городом Украины, запретившим продажу алкоголя ночью.",
            "Одесса стала первым городом, который отменил штрафы за продажу алкоголя ночью.",
            "ru",
            ("запретившим", "отменил"),
        ),
        (
            "Львів став першим містом України, що заборонив продаж алкоголю вночі.",
            "Львів став першим містом, що скасував штрафи за продаж алкоголю вночі.",
            "uk",
            ("заборонив", "скасував"),
        ),
        (
            "Oregon became the first state to legalise psilocybin for adults.",
            "Oregon became the first state to decriminalise psilocybin for adults.",
            "en",
            ("legalise", "decriminalise"),
        ),
    ],
)
def test_two_acts_in_one_frame_are_partial_with_both_acts_named(
    relater: FeatureRelater, a: str, b: str, lang: str, acts: tuple[str, str]
) -> None:
    (rel,) = relater.relate([_pair(a, b, lang)])
    assert rel.label == "partial"
    assert f"different acts: '{acts[0]}' vs '{acts[1]}'" in rel.reasons
    shown = {(e.article_id, e.text) for e in rel.evidence if e.kind == "act"}
    assert shown == {("A", acts[0]), ("B", acts[1])}
    assert not any(r.startswith(("same claim", "same content")) for r in rel.reasons)


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        # a verb of telling names who speaks, not what happened
        (
            "The mayor said the bridge would reopen on Monday.",
            "The mayor told reporters the bridge would reopen on Monday.",
            "en",
        ),
        (
            "Мэр заявил, что мост откроют в понедельник.",
            "Мэр сообщил, что мост откроют в понедельник.",
            "ru",
        ),
        # the same act in another form is no second act
        (
            "Київ став першим містом, що заборонив продаж алкоголю вночі.",
            "Київ став першим містом, який заборонила продаж алкоголю вночі.",
            "uk",
        ),
    ],
)
def test_one_act_said_twice_is_no_different_act(
    relater: FeatureRelater, a: str, b: str, lang: str
) -> None:
    (rel,) = relater.relate([_pair(a, b, lang)])
    assert not any(r.startswith("different acts") for r in rel.reasons)


def test_an_act_is_a_verb_form_and_no_verb_of_telling() -> None:
    for word in ("легализовавшим", "помиловал", "pardoned", "legalise"):
        assert is_act(word), word
    for word in ("марихуану", "заявил", "said", "hundred", "promise"):
        assert not is_act(word), word
