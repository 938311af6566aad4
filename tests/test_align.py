import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storydiff.align import (
    LONE_LINK,
    Alignment,
    Link,
    align,
    content_tokens,
    context_texts,
    nearest_pairs,
)
from storydiff.align import group_links as _group  # public since the split
from storydiff.align import related_links as _related
from storydiff.align.scoring import jaccards, nearest_mask, shared_counts, word_sets
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
    # the date line of a Spanish, Italian or German translation (MEANTIME): no claim
    assert not states_something("27 de marzo del 2008")
    assert not states_something("1 de septiembre del 2007")
    assert not states_something("27 marzo 2008")
    assert not states_something("8. März 2021")
    assert states_something("El Ministerio de Defensa habló.")
    assert states_something("Police said three people were injured on Monday.")
    assert states_something("Київ заявив про атаку 12 квітня.")
    # a section heading names a topic
    assert not states_something("DEVELOPMENTS IN UKRAINE")
    assert not states_something("ПОДІЇ В УКРАЇНІ СЬОГОДНІ")
    assert states_something("NATO said the EU and the US agreed.")
    # an excerpt cut off after a few words
    assert not states_something("With a U.S. envoy...")
    assert not states_something("The strike Saturday local time...")
    # a byline's e-mail or a link alone: its pieces are three words, but it says nothing
    assert not states_something("BKaufmann@postmedia.com")
    assert not states_something("https://www.reuters.com/world/europe/")
    assert not states_something("@PoliticoEurope")
    # an embedded post's credit line says who posted, not what
    assert not states_something("pic.twitter.com/BMOueCCGnM — ANI (@ANI) March 12, 2020")
    assert states_something("He left the party. pic.twitter.com/VUD9Sg — ANI (@ANI) March 12, 2020")
    # a dateline on a line of its own says where, when and who, not what
    assert not states_something("БРЮССЕЛЬ, 18 июл – РИА Новости.")
    assert not states_something("MOSCOW, March 3 (Reuters) -")
    assert not states_something("WASHINGTON, Jan. 5 (AP) —")
    assert states_something("MOSCOW, March 3 (Reuters) - Russia said it would cut gas supplies.")
    assert states_something("Write to the desk at tips@example.com with any news.")
    # Chinese has no spaces: a sentence is one run of letters, and was never aligned
    assert states_something("卡尔加里警察局周二发布新闻稿。")
    assert not states_something("新闻稿")
    assert states_something("The envoy said the talks would resume in Cairo next week...")


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


def _titled(title: str, sentences: list[str], aid: str):  # type: ignore[no-untyped-def]
    text = title + "\n\n" + " ".join(sentences)
    return segment(Article(id=aid, text=text, title=title, lang="en"))


def _basis(dim: int = 64) -> np.ndarray:
    rng = np.random.default_rng(1)
    q, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    return np.asarray(q.astype(np.float32))


def _titled_pair(title: str, closeness: float):  # type: ignore[no-untyped-def]
    """Two articles sharing one fact (the pier); the first one's headline is ``title``,
    its vector ``closeness`` parts the fact's and one part its own direction."""
    a = _titled(
        title,
        [
            "Inspectors in Portmore certified the old pier as safe for another ten years.",
            "Fishermen landed a record catch of cod near the northern coast.",
            "A new bridge over the river opened to traffic on schedule.",
        ],
        "a",
    )
    b = _titled(
        "Storm closes airports",
        [
            "Volcanic ash closed three airports in the north of the country.",
            "Inspectors in Portmore have certified that the old pier is safe for a decade.",
            "The city council approved a budget for school repairs.",
        ],
        "b",
    )
    e = _basis()
    head = closeness * e[0] + e[10]
    ea = np.stack([head / np.linalg.norm(head), e[0], e[1], e[2]]).astype(np.float32)
    eb = np.stack([e[11], e[3], e[0], e[4]]).astype(np.float32)
    return align([a, b], [ea, eb], [ea, eb], threshold=0.55).groups


def test_a_headline_joins_a_fact_it_states_not_one_it_is_only_near() -> None:
    # Near the pier fact in meaning, about something else ("Trump Sends Investigators to
    # Hawaii" beside "Officials in Hawaii have certified Obama's citizenship"): unique.
    near = _titled_pair("Harbour Officials Weigh New Ferry Route", closeness=0.6)
    assert near == (((0, 1), (1, 2)),)
    # The headline that states the fact joins it.
    states = _titled_pair("Inspectors Certify Portmore Pier", closeness=0.6)
    assert states == (((0, 0), (0, 1), (1, 2)),)


def test_long_units_sharing_only_the_story_words_and_a_day_are_no_fact() -> None:
    from storydiff.align import only_setting_words as _only_setting_words

    story = frozenset({"hurri", "ida", "louis"})
    dread = content_tokens(
        "Long before Hurricane Ida made landfall Sunday in southern Louisiana, "
        "the climatologist was already filled with dread."
    )
    arrived = content_tokens(
        "Hurricane Ida arrived in Louisiana Sunday with 150 mph winds and heavy rainfall."
    )
    assert _only_setting_words(dread, arrived, story)
    # One word of what happened in common is enough to leave it to the scorer.
    landfall = content_tokens(
        "Hurricane Ida made landfall in Louisiana on Sunday as a category four storm."
    )
    assert not _only_setting_words(dread, landfall, story)


def test_toll_words_are_the_words_of_a_toll_beside_a_count_not_a_date() -> None:
    from storydiff.align import toll_words

    assert toll_words("An attack that killed 13 soldiers and 72 civilians.") == {"kille"}
    assert toll_words("Ninety people have been killed in the blast.") == {"kille"}
    assert not toll_words("The candidate raised just over $200,000 for his campaign.")
    assert not toll_words("The dead were buried on 12 March in Geneva.")
    assert not toll_words("Many were killed in the war of 1998.")


def test_two_tolls_are_shown_side_by_side_however_far_apart() -> None:
    # One outlet gives the toll inside a sentence about something else, the other says
    # only the toll: their vectors are far apart, yet they count the same dead. One fact,
    # for the relation step to call partial or conflict. Two sums of money raised (two
    # candidates' funds, as often as not) stay apart.
    a = _seg(
        "Flights out of the capital resumed after a bomb attack that killed 13 soldiers "
        "and 72 civilians at the gate. The rival campaign raised just over $200,000 "
        "in the last quarter.",
        "a",
    )
    b = _seg(
        "Ninety people have been killed, most of them civilians and soldiers. "
        "The governor's campaign had raised $5.4 million in the last quarter.",
        "b",
    )
    e = _basis()
    # (scored 0.33 and 0.47: related, below the fact threshold)
    far = np.stack([0.5 * e[0] + e[2], 0.5 * e[1] + e[3]])
    ea = np.stack([e[0], e[1]])
    eb = far / np.linalg.norm(far, axis=1, keepdims=True)
    groups = align([a, b], [ea, eb], [ea, eb], threshold=0.55).groups
    assert groups == (((0, 0), (1, 0)),)


def test_short_units_sharing_no_word_are_no_fact_however_close() -> None:
    # Identical vectors: only the words can tell. A short sentence may share no more than
    # a name with its version ("Biden"), but sharing nothing, it is matched by its
    # context or by saying little.
    e = _basis()
    a = _seg("Here's what he can expect. Biden did not support the idea.", "a")
    b = _seg("But I can tell you it's true. Biden overruled Macron on it.", "b")
    ea = np.stack([e[0], e[1]])
    groups = align([a, b], [ea, ea], [ea, ea], threshold=0.55).groups
    assert groups == (((0, 1), (1, 1)),)


def test_two_headlines_stating_one_claim_found_a_fact() -> None:
    # One outlet gives the claim only in its headline, the other in its headline and a
    # sentence; no fact holds it, so before, both headlines and the sentence were "only
    # in" their outlet although each outlet says it. The headlines found the fact, and the
    # sentence of the first that the second headline states joins it.
    a = _titled(
        "Minister: 300 Workers Laid Off at Portmore Steel Plant",
        [
            "The steel plant in Portmore laid off 300 workers, the labour minister said.",
            "Fishermen landed a record catch of cod near the northern coast.",
        ],
        "a",
    )
    b = _titled(
        "Portmore Steel Plant Lays Off 300 Workers",
        [
            "Volcanic ash closed three airports in the north of the country.",
            "The city council approved a budget for school repairs.",
        ],
        "b",
    )
    e = _basis()
    ea = np.stack([e[0], (e[0] + 0.3 * e[5]) / np.hypot(1, 0.3), e[1]]).astype(np.float32)
    eb = np.stack([e[0], e[3], e[4]]).astype(np.float32)
    groups = align([a, b], [ea, eb], [ea, eb], threshold=0.55).groups
    assert groups == (((0, 0), (0, 1), (1, 0)),)
    # A headline near no free unit, and none near it, stays unique.
    lone = _titled("Storm Closes Airports", ["The council met.", "Cod was landed."], "c")
    ec = np.stack([e[9], e[7], e[8]]).astype(np.float32)
    assert align([a, lone], [ea, ec], [ea, ec], threshold=0.55).groups == ()


def test_units_sharing_only_an_auxiliary_are_no_fact() -> None:
    from storydiff.align import only_setting_words

    story = frozenset({"canad"})
    a = content_tokens("“We’d like Canada to do something,” he said.")
    b = content_tokens("If they do not want to come - so be it,” he said.")
    assert only_setting_words(a, b, story)
    c = content_tokens("“We want Canada to come and do something,” the envoy said.")
    assert not only_setting_words(a, c, story)


def test_words_each_outlet_uses_once_are_the_fact_not_the_setting() -> None:
    # Three short reports of one vote: the words of the vote itself come once in each, as
    # many times as there are articles, which is not the setting that a long story
    # repeats. Before, with 14 units, any word in three of them counted as setting, and
    # the three versions of the vote were "only in" each outlet.
    from storydiff.align import story_words

    reports = [
        "Senators blocked the commission bill on Friday. The vote was 54-35. Tempers rose. "
        "Aides left early.",
        "Senators blocked the commission plan on Friday. Six members broke ranks. The hall "
        "was quiet.",
        "Senators blocked the commission proposal on Friday. The measure needed 60 votes. "
        "Debate will resume.",
    ]
    segs = [_seg(text, f"a{k}") for k, text in enumerate(reports)]
    from storydiff.units import units

    _, common = story_words([units(s) for s in segs])
    assert not {"senat", "block", "commi"} & common


def test_one_stem_of_two_different_words_is_not_a_shared_word() -> None:
    # "military" and "militant" cut to one 5-letter stem; two units about the same war
    # sharing only that (and the story's words) are no fact. Inflections stay one word.
    from storydiff.align.words import content_forms, only_setting_words, same_word

    story = frozenset({"israe", "hamas"})
    a = "After the Israeli military ordered people out, Israel and Hamas kept fighting."
    b = "The Hamas militant group fired a stream of rockets into Israel on Saturday."
    x, y = content_tokens(a), content_tokens(b)
    forms = (content_forms(a), content_forms(b))
    assert "milit" in x & y
    assert not only_setting_words(x, y, story)
    assert only_setting_words(x, y, story, forms)
    assert same_word(frozenset({"investigations"}), frozenset({"investigation"}))
    assert same_word(frozenset({"україною"}), frozenset({"україни"}))
    assert not same_word(frozenset({"commission"}), frozenset({"committee"}))


def test_two_different_quotes_are_two_statements_however_close() -> None:
    # Identical vectors, one speaker: two outlets quoting one statement quote some of the
    # same words; quoting none of the same words, they quote two statements.
    e = _basis()
    ea = np.stack([e[0], e[1]])
    a = _seg('The mayor spoke on Monday. "It was a prank," Mayor Dunmore said of the photo.', "a")
    b = _seg(
        "The mayor spoke on Monday. “I just feel terrible for her,” Mayor Dunmore said of "
        "the photo.",
        "b",
    )
    assert align([a, b], [ea, ea], [ea, ea], threshold=0.55).groups == (((0, 0), (1, 0)),)
    same = _seg(
        "The mayor spoke on Monday. “It was just a prank,” Mayor Dunmore told reporters.", "c"
    )
    groups = align([a, same], [ea, ea], [ea, ea], threshold=0.55).groups
    assert ((0, 1), (1, 1)) in groups


def test_a_quotation_going_on_past_the_unit_is_quoted_words() -> None:
    from storydiff.align.words import quoted_tokens

    assert quoted_tokens('"When it comes to protecting the vulnerable, we must act') >= {
        "prote",
        "vulne",
    }
    assert not quoted_tokens("He said we must act.")


def test_two_people_sharing_only_their_title_and_the_story_are_no_fact() -> None:
    # "Президент США Джо Байден осудил это решение" and "экс-президент США Дональд Трамп
    # отметил, что решение ... победой" were one fact: two people's claims that share
    # their title ("президент США") and the story's words ("решение суда").
    def seg(sents: list[str], aid: str):  # type: ignore[no-untyped-def]
        return segment(Article(id=aid, text=" ".join(sents), lang="ru"))

    a = seg(
        [
            "Президент США Иван Петров осудил решение суда как печальный день.",
            "Решение суда отменило федеральную защиту прав.",
            "Решение суда вступило в силу в пятницу вечером.",
        ],
        "a",
    )
    b = seg(
        [
            "Экс-президент США Олег Сидоров назвал решение суда самой большой победой.",
            "Решение суда вызвало протесты у здания парламента.",
            "После решения суда штаты ввели новые запреты.",
        ],
        "b",
    )
    e = _basis()
    ea = np.stack([e[0], e[1], e[2]]).astype(np.float32)
    eb = np.stack([e[0], e[3], e[4]]).astype(np.float32)
    assert align([a, b], [ea, eb], [ea, eb], threshold=0.55).groups == ()
    # The same person on both sides is left to the scorer.
    b2 = seg(
        [
            "Президент США Иван Петров назвал решение суда печальным днем.",
            *(s.text for s in b.sentences[1:]),
        ],
        "b",
    )
    assert align([a, b2], [ea, eb], [ea, eb], threshold=0.55).groups == (((0, 0), (1, 0)),)
    # One person's two different claims share only who said them: no fact either.
    b3 = seg(
        [
            "Президент США Иван Петров заявлял, что налоги вырастут уже весной.",
            *(s.text for s in b.sentences[1:]),
        ],
        "b",
    )
    assert align([a, b3], [ea, eb], [ea, eb], threshold=0.55).groups == ()


_FILLER = (
    "Fishermen landed a record catch of cod near the northern coast.",
    "A new bridge over the river opened to traffic on schedule.",
)


def _first_sentences_same(first: str, second: str) -> Alignment:
    """Align two articles of two sentences each whose first sentences have one vector
    (the scorer rates them the same claim) and whose second ones have none in common."""
    e = _basis()
    ea = np.stack([e[0], e[1]]).astype(np.float32)
    eb = np.stack([e[0], e[2]]).astype(np.float32)
    a = _seg(f"{first} {_FILLER[0]}", "a")
    b = _seg(f"{second} {_FILLER[1]}", "b")
    return align([a, b], [ea, eb], [ea, eb], threshold=0.55)


def test_a_reported_denial_and_the_statement_it_denies_are_related_not_one_fact() -> None:
    # "Putin dismissed claims that Russian forces took part" was one `partial` fact with
    # "Russian forces moved into Crimea": it reads as agreement, though Putin can deny
    # what happened. Identical vectors: only the denial keeps them apart.
    stated = "Soldiers of Nordland crossed into the Vessa valley on Sunday night."
    denied = (
        "President Halvorsen dismissed claims that soldiers of Nordland had crossed into the "
        "Vessa valley."
    )
    result = _first_sentences_same(stated, denied)
    assert result.groups == ()
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in result.related] == [(0, 0, 1, 0)]
    # Told of the same denial in other words, the two versions are one fact: saying no,
    also = "Nordland has said its soldiers did not cross into the Vessa valley."
    assert _first_sentences_same(denied, also).groups == (((0, 0), (1, 0)),)
    # or naming who denies ("Blumenthal's campaign called a New York Times report ... an
    # 'outrageous distortion'" beside "Blumenthal's campaign disputed a report").
    called = "President Halvorsen called the reports of a crossing into the valley lies."
    assert _first_sentences_same(denied, called).groups == (((0, 0), (1, 0)),)


def test_what_reports_a_denial() -> None:
    from storydiff.align.denials import stance

    assert stance("Moscow has denied sending troops to the region.") == "denies"
    assert stance("The Kremlin rejected the accusations as baseless.") == "denies"
    assert stance("Путін заперечив участь російських військ.") == "denies"
    assert stance("Кремль отверг обвинения в причастности.") == "denies"
    # a decision, not a denial of a claim
    assert stance("The Senate rejected a bill that would form a commission.") == "says no"
    assert stance("Кремль отверг предложение Киева.") == "says no"
    assert stance("Senators voted down the bill on Friday.") == "states"
    assert stance("Israel neither confirms nor denies possessing the weapons.") == "says no"
    assert stance("The campaign is seeking to dismiss that case in court.") == "says no"


def test_grouping_keeps_apart_what_two_versions_state_and_deny() -> None:
    # A0 (a denial) and C0 (a statement) each match B0 strongly: without ``apart`` the
    # three make one fact in which A0 and C0 read as one claim.
    links = [
        Link(a=0, i=0, b=1, j=0, score=0.95, cosine=0.95),
        Link(a=1, i=0, b=2, j=0, score=0.94, cosine=0.94),
        Link(a=0, i=0, b=2, j=0, score=0.9, cosine=0.9),
    ]
    assert _group(links, max_per_article=3, lone_link=LONE_LINK) == (((0, 0), (1, 0), (2, 0)),)
    groups = _group(links, max_per_article=3, apart=lambda x, y: {x, y} == {(0, 0), (2, 0)})
    assert groups == (((0, 0), (1, 0)),)


def test_two_people_sharing_one_word_of_their_own_are_no_fact() -> None:
    # "House Speaker John Boehner declined to weigh in on the merits of the president's
    # proposals" and "A spokesman for the National Rifle Association did not immediately
    # respond to requests for comment on the president's proposal" were one fact: two
    # people's acts that share one word beyond the story's.
    declined = (
        "House Speaker Tom Ridley declined to weigh in on the merits of the budget plan on Tuesday."
    )
    silent = (
        "A spokesman for the Farmers Union did not immediately respond to requests for "
        "comment on the plan."
    )
    assert _first_sentences_same(declined, silent).groups == ()
    # The same person is left to the scorer.
    same = "Speaker Tom Ridley would not comment on the budget plan, his office said on Tuesday."
    assert _first_sentences_same(declined, same).groups == (((0, 0), (1, 0)),)


_OTHER = (
    ("Fishermen landed a record catch of cod.", "A new ferry began to run at dawn."),
    ("Ash closed three airports in the north.", "The city council approved school repairs."),
)


def _short_story(first: str, second: str) -> Alignment:
    """Two short articles whose first units restate the story's main fact, with two
    other sentences each: every unit is the story's direction plus a little of its own
    (plain cosine 0.92 between any two), as in a short story where every sentence is about
    the one event. Removing the mean (``center``) leaves the two restatements pointing
    apart, and the scorer rates them no fact."""
    e = _basis()

    def near(own: np.ndarray) -> np.ndarray:
        v = e[0] + 0.3 * own
        return np.asarray(v / np.linalg.norm(v))

    ea = np.stack([near(e[1]), near(e[3]), near(-e[3])]).astype(np.float32)
    eb = np.stack([near(e[2]), near(e[4]), near(-e[4])]).astype(np.float32)
    a = _seg(" ".join([first, *_OTHER[0]]), "a")
    b = _seg(" ".join([second, *_OTHER[1]]), "b")
    return align([a, b], [ea, eb], [ea, eb], threshold=0.55)


def test_counts_are_a_number_and_what_it_counts_not_dates_years_or_names() -> None:
    from storydiff.align.echoes import counts

    assert counts("with six Republicans breaking ranks") == {("6", "repub")}
    assert counts("Six Republican senators backed it") == {("6", "repub")}
    assert counts("a two-year ban") == counts("suspended for two years") == {("2", "year")}
    for none in ("the Jan. 6 riot", "the 2020 election", "a COVID-19 vaccine", "three more"):
        assert counts(none) == frozenset(), none


def test_a_short_storys_main_fact_told_with_one_count_is_one_fact() -> None:
    # In a short story the mean vector is its main fact: centering took away what two
    # restatements share ("with six Republicans breaking ranks" / "Six Republican
    # senators backed the proposal": probability 0.00) and each was "only in" its outlet.
    # Close in plain meaning and giving one count of one thing, they are one fact.
    told = _short_story(
        "Six opposition senators broke ranks to back the harbour bill.",
        "The harbour bill won the votes of six opposition senators.",
    )
    assert told.groups == (((0, 0), (1, 0)),)
    # Two different counts, or a denial of what the other states, are no fact.
    other = _short_story(
        "Six opposition senators broke ranks to back the harbour bill.",
        "The harbour bill won the votes of seven opposition senators.",
    )
    assert other.groups == ()
    denied = _short_story(
        "Six opposition senators broke ranks to back the harbour bill.",
        "The party leader denied that six opposition senators broke ranks to back the bill.",
    )
    assert denied.groups == ()


def test_a_unit_close_to_another_outlets_and_sharing_a_rare_word_is_related() -> None:
    # No count, but a word nobody else in the story uses ("ranks"), and close in plain
    # meaning: another outlet touches it, so it is related, never "only in"; the reason
    # says the scorer did not match them, not that they are two claims.
    result = _short_story(
        "Several opposition senators broke ranks on the harbour bill.",
        "Senators Moll, Brandt and Oyelaran broke ranks over the harbour bill.",
    )
    assert result.groups == ()
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in result.echoes] == [(0, 0, 1, 0)]
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in result.related] == [(0, 0, 1, 0)]
    # Sharing only a day, the two stay apart, however close.
    apart = _short_story(
        "The harbour vote failed on Friday.",
        "Lawmakers argued late into Friday.",
    )
    assert apart.related == ()


def test_echoes_are_looked_for_in_short_stories_only() -> None:
    # In a long story the mean blends many facts and centering does what it is for.
    from storydiff.align.echoes import SHORT_STORY_UNITS, short_story

    unit = Unit(article_id="a", sentence_index=0, start=0, end=1, text="x")
    assert short_story([[unit] * SHORT_STORY_UNITS] * 3)
    assert not short_story([[unit] * (SHORT_STORY_UNITS + 1)] * 3)


# The vectorised overlap and blocking must give what the per-pair code gave, to the bit:
# alignment scores are compared with thresholds, and one ulp could flip a finding.
def _set_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_WORDS = st.frozensets(st.sampled_from([f"w{k}" for k in range(12)]), max_size=6)


@given(st.lists(_WORDS, max_size=8), st.lists(_WORDS, max_size=8))
def test_jaccards_equal_the_per_pair_jaccard(sets_a, sets_b):
    index: dict[str, int] = {}
    x, y = word_sets(sets_a, index), word_sets(sets_b, index)
    pairs = [(i, j) for i in range(len(sets_a)) for j in range(len(sets_b))]
    ii = np.array([i for i, _ in pairs], dtype=np.intp)
    jj = np.array([j for _, j in pairs], dtype=np.intp)
    got = jaccards(x, y, ii, jj).tolist()
    assert got == [_set_jaccard(sets_a[i], sets_b[j]) for i, j in pairs]
    counts = shared_counts(x, y)
    assert counts.shape == (len(sets_a), len(sets_b))
    assert all(counts[i, j] == len(sets_a[i] & sets_b[j]) for i, j in pairs)


@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 6), st.integers(0, 2**16))
def test_nearest_mask_is_nearest_pairs(n_a, n_b, k, seed):
    sim = np.random.default_rng(seed).standard_normal((n_a, n_b)).astype(np.float32)
    ii, jj = np.nonzero(nearest_mask(sim, k))
    assert list(zip(ii.tolist(), jj.tolist(), strict=True)) == sorted(nearest_pairs(sim, k))


# One story told twice: both versions of its main claim share only the story's own words
# (Senate, Juneteenth, holiday: in every sentence) and a day.
_SETTING_STORY = (
    [
        "The Senate unanimously approved a bill on Tuesday that would make Juneteenth a "
        "legal public holiday.",
        "Juneteenth became a Senate cause after years of campaigning for the holiday.",
        "Fishermen landed a record catch of cod near the northern coast.",
    ],
    [
        "The Senate passed legislation on Tuesday that designates Juneteenth as a national "
        "holiday.",
        "The holiday had stalled in the Senate for years before Juneteenth drew wide support.",
        "A new bridge over the river opened to traffic on schedule.",
    ],
)


def _setting_story() -> tuple[list, Alignment]:  # type: ignore[type-arg]
    """Two articles whose first sentences have one vector (the scorer reads them as one
    claim) and share only ``_SETTING_STORY``'s setting; the rest have their own."""
    segs = [_seg(" ".join(sents), aid) for sents, aid in zip(_SETTING_STORY, "ab", strict=True)]
    e = _basis()
    ea = np.stack([e[0], e[1], e[2]]).astype(np.float32)
    eb = np.stack([e[0], e[3], e[4]]).astype(np.float32)
    return segs, align(segs, [ea, eb], [ea, eb], threshold=0.55)


def test_the_alignment_keeps_which_rule_kept_a_matched_pair_out_of_the_facts() -> None:
    # The scorer reads the two as one claim; the story-words rule keeps them apart. The
    # alignment says so, so that no reason calls them two claims.
    _, result = _setting_story()
    assert result.groups == ()
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in result.related] == [(0, 0, 1, 0)]
    (veto,) = result.vetoed
    assert (veto.link.a, veto.link.i, veto.link.b, veto.link.j) == (0, 0, 1, 0)
    assert veto.rule == "story-words"
    assert veto.link.score >= 0.55
    # A statement and a reported denial of it: the denial rule, named as such.
    denied = _first_sentences_same(
        "Soldiers of Nordland crossed into the Vessa valley on Sunday night.",
        "President Halvorsen dismissed claims that soldiers of Nordland had crossed into the "
        "Vessa valley.",
    )
    assert [v.rule for v in denied.vetoed] == ["denial"]


def test_a_pair_a_rule_kept_out_of_the_facts_is_not_called_two_claims() -> None:
    # "both about United States; not the same claim" linked two versions of one story's
    # headline event that the scorer read as one claim (0.99): the rule, not the model,
    # kept them apart, and the reason says so and nothing else.
    from storydiff.coverage import related_links

    segs, result = _setting_story()
    (found,) = related_links(segs, result)
    assert found.kept_out_by == "story-words"
    assert found.reason.startswith("the model scores them as one claim (0.")
    assert found.reason.endswith(
        "but they share only words the whole story uses and words of time, "
        "so they are not counted as one fact"
    )
    assert "not the same claim" not in found.reason


def _pier_and_ferry(closeness: float):  # type: ignore[no-untyped-def]
    """Two articles sharing one fact (the pier) and telling two different claims on one
    subject (the ferry company's report: its shares fell, its debt doubled); the second
    units' vectors are ``closeness`` parts one direction and one part their own."""
    a = _seg(
        "The harbour authority closed the northern pier on Tuesday after inspectors found "
        "cracks in its pillars. Shares of the ferry company fell sharply after its quarterly "
        "report was published. A new lighthouse keeper was appointed for the winter season.",
        "a",
    )
    b = _seg(
        "Inspectors found cracks in the pillars of the northern pier, and the harbour "
        "authority closed it on Tuesday. Analysts said the ferry company's quarterly report "
        "showed that its debt had doubled in a year. The town council approved money for "
        "school repairs.",
        "b",
    )
    e = _basis()
    other = closeness * e[1] + e[20]
    ea = np.stack([e[0], e[1], e[2]]).astype(np.float32)
    eb = np.stack([e[0], other / np.linalg.norm(other), e[4]]).astype(np.float32)
    return align([a, b], [ea, eb], [ea, eb], threshold=0.55, lone_link=LONE_LINK)


def test_two_claims_on_one_subject_held_by_one_weak_link_are_related_not_one_fact() -> None:
    # The scorer accepts the ferry pair, but weakly (0.55-0.7), and nothing else ties the
    # two: "2 of 2 outlets say" would join a fall in shares and a doubled debt. They are
    # related (matched, not grouped); the pier, linked strongly, stays a fact.
    weak = _pier_and_ferry(0.4)
    ((ferry_score,),) = [[lk.score for lk in weak.links if (lk.i, lk.j) == (1, 1)]]
    assert 0.55 <= ferry_score < LONE_LINK
    assert weak.groups == (((0, 0), (1, 0)),)
    assert [(lk.a, lk.i, lk.b, lk.j) for lk in weak.related] == [(0, 1, 1, 1)]
    # Linked strongly, the same two units are one fact: the rule asks more of one weak
    # link, not of every pair.
    strong = _pier_and_ferry(0.5)
    assert ((0, 1), (1, 1)) in strong.groups


def test_a_second_sentence_tied_to_a_fact_by_one_weak_link_leaves_it() -> None:
    # A0 states the fact B0 states (0.95); B2, another claim of B, is tied to the fact
    # only by a weak link to A0 (0.6): it must not make the fact say two things.
    links = [
        Link(a=0, i=0, b=1, j=0, score=0.95, cosine=0.95),
        Link(a=0, i=0, b=1, j=2, score=0.6, cosine=0.9),
    ]
    assert _group(links, max_per_article=3, lone_link=LONE_LINK) == (((0, 0), (1, 0)),)
    # Tied by a strong link, it stays (one outlet may tell a fact in two sentences).
    links[1] = Link(a=0, i=0, b=1, j=2, score=0.8, cosine=0.9)
    assert _group(links, max_per_article=3, lone_link=LONE_LINK) == (((0, 0), (1, 0), (1, 2)),)
    # Without ``lone_link`` (the default) it stays whatever the score.
    links[1] = Link(a=0, i=0, b=1, j=2, score=0.6, cosine=0.9)
    assert _group(links, max_per_article=3) == (((0, 0), (1, 0), (1, 2)),)


def test_a_member_two_outlets_back_stays_however_weak_each_link() -> None:
    # Three outlets, each version linked to both others at 0.6: every member is backed
    # twice, so the fact stands (the rule asks more of a lone link only).
    links = [
        Link(a=0, i=0, b=1, j=0, score=0.6, cosine=0.9),
        Link(a=0, i=0, b=2, j=0, score=0.6, cosine=0.9),
        Link(a=1, i=0, b=2, j=0, score=0.6, cosine=0.9),
    ]
    assert _group(links, max_per_article=3, lone_link=LONE_LINK) == (((0, 0), (1, 0), (2, 0)),)
