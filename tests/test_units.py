"""Alignment units below the sentence (storydiff.units) and their use in alignment."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storydiff.align import align, context_texts
from storydiff.embed.hashing import HashingEmbedder
from storydiff.records import Article
from storydiff.segment import segment
from storydiff.units import phrase_edges, phrase_spans, split_units, unit_arrays, units


def _pieces(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in split_units(text, lang)]


def test_two_claims_joined_by_and_with_their_own_subject_are_cut() -> None:
    text = (
        "NATO leaders said that such a decision was not taken, "
        "and Russia said that such a move would be a declaration of war."
    )
    assert _pieces(text) == [
        "NATO leaders said that such a decision was not taken",
        "and Russia said that such a move would be a declaration of war.",
    ]


def test_while_and_semicolon_join_claims() -> None:
    while_ = "The mayor said the bridge would reopen, while the police said it would stay shut."
    semicolon = "The minister resigned on Monday after a row; the opposition called for elections."
    assert len(_pieces(while_)) == 2
    assert len(_pieces(semicolon)) == 2


def test_what_is_not_two_claims_stays_whole() -> None:
    # A list of names, a verb continuing the same subject, a cut inside a quotation.
    names = "Leaders of France, Germany, and Italy met in Rome on Friday."
    same_subject = (
        "Kallas stated that some countries were already training soldiers there, "
        "but did not specify any nation in particular."
    )
    quoted = '"We will rebuild every house that burned, and we will do it this year," he said.'
    # names with their states, listed: "and Chris Lowe" starts no clause of its own
    listed = (
        "In a letter June 30 to Sens. Alan Reed, D-R.I., and Chris Lowe, D-Del., made "
        "public Thursday, an aide acknowledged that only 10 interviews were held."
    )
    for text in (names, same_subject, quoted, listed):
        assert len(_pieces(text)) == 1, text
    # a clause whose subject is a list of names is still a clause
    assert (
        len(
            _pieces(
                "The envoy met the minister on Monday, and Germany, France and "
                "Italy later signed the deal."
            )
        )
        == 2
    )


def test_ukrainian_and_russian_clauses_need_a_nominative_subject() -> None:
    uk = "Мер заявив, що обстріл тривав усю ніч, а рятувальники досі розбирають завали будинку."
    ru = "Мэр заявил, что обстрел продолжался всю ночь, а спасатели до сих пор разбирают завалы."
    no_subject = "Мер заявив, що обстріл тривав усю ніч, а потім ще довго горіли будинки."
    assert len(_pieces(uk, "uk")) == 2
    assert len(_pieces(ru, "ru")) == 2
    assert len(_pieces(no_subject, "uk")) == 1


@given(st.text(max_size=200))
def test_units_are_ordered_non_overlapping_spans_of_the_text(text: str) -> None:
    spans = split_units(text)
    assert spans
    for (a, b), (c, _) in itertools.pairwise(spans):
        assert a <= b <= c
    for a, b in spans:
        assert 0 <= a <= b <= len(text)


def test_units_point_into_the_article_text() -> None:
    seg = segment(
        Article(
            id="x",
            text="Heavy rain hit the region on Monday. The river burst its banks near the town, "
            "and the army evacuated three villages overnight.",
            lang="en",
        )
    )
    us = units(seg)
    assert [u.whole for u in us] == [True, False, False]
    for u in us:
        assert seg.article.text[u.start : u.end] == u.text
        assert (
            seg.sentences[u.sentence_index].start
            <= u.start
            < u.end
            <= seg.sentences[u.sentence_index].end
        )


def test_a_clause_aligns_alone_and_its_sentence_joins_the_fact() -> None:
    # A states two claims in one sentence; B states only the second. The fact holds A's
    # second clause (its words, not the whole sentence), and the first stays A's own.
    a = segment(
        Article(
            id="a",
            text="Fishermen reported a record catch of cod near the northern coast, "
            "and the minister resigned on Monday after the budget vote.",
            lang="en",
        )
    )
    b = segment(
        Article(
            id="b",
            text="Volcanic ash closed three airports in the north. "
            "The minister resigned on Monday after the budget vote.",
            lang="en",
        )
    )
    emb = HashingEmbedder()
    segs = [a, b]
    embs = [emb.embed([s.text for s in g.sentences]) for g in segs]
    ctx = [emb.embed(context_texts(g)) for g in segs]
    unit_sets = [units(g) for g in segs]
    parts = [u.text for us in unit_sets for u in us if not u.whole]
    vecs = dict(zip(parts, emb.embed(parts), strict=True))
    ue, uc = unit_arrays(unit_sets, embs, ctx, vecs)
    result = align(segs, embs, ctx, units=unit_sets, unit_embeddings=ue, unit_contexts=uc)
    assert ((0, 0), (1, 1)) in result.groups
    group = next(g for g in result.unit_groups if (1, 1) in g)
    (art, k) = next(ref for ref in group if ref[0] == 0)
    assert result.units[art][k].text == "and the minister resigned on Monday after the budget vote."
    assert all(ref != (0, 0) for g in result.unit_groups for ref in g)
    assert np.isfinite([link.score for link in result.links]).all()


def test_phrases_cut_where_a_phrase_ends_but_keep_a_list_and_a_quote_whole() -> None:
    text = (
        "approved a roughly $3.5 trillion budget that could enable sweeping changes to "
        "health-care, education and tax laws, overcoming their own internal divisions"
    )
    assert [text[s:e] for s, e in phrase_spans(text)] == [
        "approved a roughly $3.5 trillion budget",
        "that could enable sweeping changes to health-care, education and tax laws",
        "overcoming their own internal divisions",
    ]
    quoted = 'he said "we will rebuild the levees, and we will pay the farmers" on Monday'
    assert phrase_spans(quoted) == [(0, len(quoted))]


def _edges(text: str, part: str, lang: str = "en", parsed: bool = False) -> str | None:
    start = text.index(part)
    doc = None
    if parsed:
        from storydiff.attribute import ParseCache

        doc = ParseCache()([text])[0]
    span = phrase_edges(text, (start, start + len(part)), lang, doc)
    return None if span is None else text[span[0] : span[1]]


def test_a_phrase_never_ends_on_a_leaning_word_nor_starts_after_one() -> None:
    # the cuts of a word-by-word comparison, in en, ru and uk
    text = "Obama sought to quell the uproar among liberals about the tax deal."
    assert _edges(text, "sought to quell the uproar among liberals about the") == (
        "sought to quell the uproar among liberals about the tax"
    )
    ru = "По словам одного из чиновников, эту программу никто не отменял."
    assert _edges(ru, "словам одного из чиновников", "ru") == "По словам одного из чиновников"
    # nor (uk, ru) on an adjective before its noun
    abortion = "Они могут сделать потенциально опасный нелегальный аборт."
    assert _edges(abortion, "потенциально опасный", "ru") == (
        "потенциально опасный нелегальный аборт"
    )
    uk = "Уряд заявив, що війська не відступлять з міста."
    assert _edges(uk, "відступлять з міста", "uk") == "не відступлять з міста"
    # nor inside a name or a figure
    names = "House Republicans have argued for a smaller bill this week."
    assert _edges(names, "Republicans have argued for a smaller bill") == (
        "House Republicans have argued for a smaller bill"
    )
    figure = "America has added back 16.7 million jobs since May."
    assert _edges(figure, "America has added back 16.7") == "America has added back 16.7 million"
    # already whole: unchanged; a run of leaning words with no phrase in reach: none
    assert _edges(text, "sought to quell the uproar") == "sought to quell the uproar"
    assert _edges("It was to be of the on in the at", "It was") is None


def test_the_english_parse_closes_a_phrase_a_word_list_cannot() -> None:
    text = "Economists had been looking for 845,000 new jobs in August."
    assert _edges(text, "Economists had been looking for 845,000 new", parsed=True) == (
        "Economists had been looking for 845,000 new jobs"
    )
    mowed = "A grandmother was mowed down by a drunken driver."
    assert _edges(mowed, "grandmother was mowed", parsed=True) == (
        "A grandmother was mowed down by a drunken driver"
    )
    # a subject may stay outside a predicate, a later item of a list outside its list
    obama = "President Obama met with congressional leaders Tuesday."
    assert _edges(obama, "met with congressional leaders Tuesday", parsed=True) == (
        "met with congressional leaders Tuesday"
    )
