"""Three outlets in three languages on one (invented) event: the cross-lingual path end to end.

The fixtures were written for this test; the Russian version differs on purpose (2,000
evacuated instead of 3,000) and leaves out two facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.records import Comparison

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def flood() -> Comparison:
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.settings import Settings

    paths = [str(FIXTURES / f"flood-{lang}.txt") for lang in ("en", "uk", "ru")]
    articles = read_inputs(paths, outlets=["EN", "UK", "RU"]).articles
    return Pipeline(Settings(cache=False)).compare(articles)


def _fact_covering(c: Comparison, needle: str) -> int:
    en = c.articles[0]
    for k, fact in enumerate(c.facts):
        if any(needle in en.sentences[i].text for i in fact.members.get(en.article.id, ())):
            return k
    raise AssertionError(f"no fact holds the English sentence with {needle!r}")


def test_languages_detected_and_same_story(flood: Comparison) -> None:
    assert [s.lang for s in flood.articles] == ["en", "uk", "ru"]
    assert flood.same_story.verdict == "same story"


def test_translated_facts_align_across_scripts(flood: Comparison) -> None:
    k = _fact_covering(flood, "burst its banks")
    assert len(flood.facts[k].members) == 3
    k = _fact_covering(flood, "state of emergency")
    assert len(flood.facts[k].members) == 3


def test_number_conflict_across_languages_with_evidence(flood: Comparison) -> None:
    k = _fact_covering(flood, "evacuated")
    fact = flood.facts[k]
    assert fact.label == "conflict"
    texts = {e.text for r in fact.relations for e in r.evidence}
    assert "2000" in texts
    by_id = {s.article.id: s.article for s in flood.articles}
    for r in fact.relations:
        for e in r.evidence:
            assert by_id[e.article_id].text[e.start : e.end] == e.text


def test_what_only_one_outlet_says(flood: Comparison) -> None:
    uk = flood.articles[1]
    only = " ".join(uk.sentences[i].text for i in flood.unique[uk.article.id])
    assert "50 мільйонів" in only
