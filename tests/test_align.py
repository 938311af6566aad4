import numpy as np

from storydiff.align import (
    Link,
    _group,
    _related,
    align,
    content_tokens,
    context_texts,
    nearest_pairs,
)
from storydiff.embed.hashing import HashingEmbedder
from storydiff.records import Article, Unit
from storydiff.segment import segment


def _seg(text: str, aid: str):  # type: ignore[no-untyped-def]
    return segment(Article(id=aid, text=text, lang="en"))


def test_candidates_are_blocked_to_k_neighbours_each_way() -> None:
    rng = np.random.default_rng(0)
    sim = rng.random((40, 30))
    cands = nearest_pairs(sim, 3)
    # At most k per row plus k per column: linear in sentences, not their product.
    assert len(cands) <= 3 * 40 + 3 * 30
    for i in range(40):
        assert (i, int(sim[i].argmax())) in cands


def test_grouping_refuses_a_chain_through_one_bridging_sentence() -> None:
    # A0-B0 and A1-B1 are strong; B2 links weakly to both: single-link would weld all.
    links = [
        Link(a=0, i=0, b=1, j=0, score=0.95, cosine=0.95),
        Link(a=0, i=1, b=1, j=1, score=0.94, cosine=0.94),
        Link(a=0, i=0, b=1, j=2, score=0.6, cosine=0.9),
        Link(a=0, i=1, b=1, j=2, score=0.6, cosine=0.9),
    ]
    groups = _group(links, max_per_article=3)
    assert ((0, 0), (1, 0), (1, 2)) in groups or ((0, 0), (1, 0)) in groups
    assert not any({(0, 0), (0, 1)} <= set(g) for g in groups)


def test_identical_sentences_align_and_different_ones_do_not() -> None:
    a = _seg(
        "The minister resigned on Monday after the budget vote. "
        "Fishermen reported a record catch of cod near the coast.",
        "a",
    )
    b = _seg(
        "Volcanic ash closed three airports in the north. "
        "The minister resigned on Monday after the budget vote.",
        "b",
    )
    emb = HashingEmbedder()
    embs = [emb.embed([s.text for s in g.sentences]) for g in (a, b)]
    ctx = [emb.embed(context_texts(g)) for g in (a, b)]
    result = align([a, b], embs, ctx, threshold=0.5)
    assert ((0, 0), (1, 1)) in result.groups
    assert not any((0, 1) in g for g in result.groups)


def test_content_tokens_merge_inflections_across_languages() -> None:
    assert content_tokens("troops") & content_tokens("troop")
    assert content_tokens("інструкторів") & content_tokens("інструктори")
    assert not content_tokens("the of and")


def test_shared_names_match_actors_across_scripts_not_adjectives_or_first_names() -> None:
    from storydiff.align import shared_names

    assert shared_names("and Russia said it would be war", "Russia has repeatedly warned")
    assert shared_names("Росія заявила, що це війна", "and Russia said it would be war")
    # Two different people who share a first name are not one actor.
    assert not shared_names("said Dmytro Kuleba on Monday", "said Dmitry Peskov on Monday")
    # An adjective of place describes, it does not name ("French leader", "French troops").
    assert not shared_names("pleased the French leader", "sent French military specialists")
    # A capitalised word only at two sentence starts is no name.
    assert not shared_names("Some members backed it", "Some leaders refused")


def test_datelines_and_timestamps_state_nothing_to_align() -> None:
    from storydiff.align import states_something

    assert not states_something("Updated 4/9/2007 6:04 PM")
    assert not states_something("on April 30, 2008 at 4:31 AM, updated April 30, 2008")
    assert not states_something("Apr 12, 2007")
    assert states_something("Police said three people were injured on Monday.")
    assert states_something("Київ заявив про атаку 12 квітня.")


def test_a_matched_unit_left_out_of_every_fact_is_related_not_only_in() -> None:
    # A0 matches B0, but B0 already shares a fact with C0 that A0 does not match, so
    # grouping leaves A0 out. Somebody else says it: it must be related, never "only in",
    # even with no name or word in common. A weak link with nothing shared stays unlinked.
    texts = [
        ["Biden did not back the plan.", "Fishermen landed a record catch."],
        ["The US president opposed the idea.", "Ash closed three airports."],
        ["Washington rejected the proposal outright.", "A new bridge opened."],
    ]
    units = [
        tuple(
            Unit(article_id=f"a{a}", sentence_index=k, start=0, end=len(t), text=t)
            for k, t in enumerate(ts)
        )
        for a, ts in enumerate(texts)
    ]
    tokens = [[content_tokens(u.text) for u in us] for us in units]
    matched = [Link(a=0, i=0, b=1, j=0, score=0.7, cosine=0.9)]
    weak = [Link(a=0, i=1, b=2, j=1, score=0.3, cosine=0.8)]
    related = _related(
        units, [((1, 0), (2, 0))], (matched, weak), tokens, ["latn"] * 3, related_threshold=0.1
    )
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in related] == [(0, 0, 1, 0)]
