"""Coverage: what each article shares, what it only touches, and what it alone says.

After alignment every unit (a sentence, or one claim of a sentence) is in one of three
states: in a fact (another outlet states it), related (another outlet writes about the
same actors and subject, but not the same thing), or nobody else's. A fact-checker reads
"only in" as "nobody else says it", so a sentence is unique only when none of its units
is in a fact or related; a unit left over inside a sentence that is otherwise shared is
that outlet's own addition, shown with its words rather than buried in the fact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from storydiff.align import (
    AUXILIARIES,
    Alignment,
    content_tokens,
    name_key,
    name_runs,
    shared_names,
    states_something,
    story_words,
)
from storydiff.records import (
    Addition,
    Fact,
    RelatedLink,
    Relation,
    Segmented,
    Sentence,
    Span,
    Unit,
)
from storydiff.text.names import to_latin

# Words an "extra" span must have to count as a claim of its own (a lone adjective is
# wording, not an addition).
EXTRA_WORDS = 5
# Share of an extra span's content words that another article may use anywhere before the
# span no longer counts as nobody else's ("cited two people familiar" beside "with
# reference to sources" is still related, so an extra must also be new in words).
EXTRA_ELSEWHERE = 0.34


def unit_sentence(seg: Segmented, index: int, units: Sequence[Unit]) -> Sentence:
    """The words of sentence ``index`` that ``units`` cover, as a ``Sentence`` with the
    sentence's index and the covered span's offsets (the whole sentence when every
    unit of it is covered, since the span runs from the first unit to the last)."""
    sent = seg.sentences[index]
    start = min(u.start for u in units)
    end = max(u.end for u in units)
    if all(u.whole for u in units):
        return sent
    text = seg.article.text[start:end]
    return Sentence(article_id=sent.article_id, index=sent.index, start=start, end=end, text=text)


def related_links(segmented: Sequence[Segmented], alignment: Alignment) -> tuple[RelatedLink, ...]:
    """The alignment's related links as records, with the names or words both use.

    The reason names what the link rests on: the story's own names and words
    ("Ukraine" in a story about Ukraine) are left out, as ``align`` leaves them out of
    the test (see ``story_words``)."""
    common_names, common_words = story_words(alignment.units)
    # A related link the scorer itself accepted was kept out of the facts only by
    # grouping (the cap per article, or the fact's other versions not backing it): it is
    # not known to be another claim, so its reason must not say so.
    matched = {(lk.a, lk.i, lk.b, lk.j) for lk in alignment.links}
    # Nor is one found by what the two share after the scorer passed it by (an echo):
    # the scorer's "no" there is the story's mean talking, not a reading of two claims.
    echoes = {(lk.a, lk.i, lk.b, lk.j) for lk in alignment.echoes}
    out = []
    for link in alignment.related:
        ref = (link.a, link.i, link.b, link.j)
        if ref in matched:
            verdict = "matched closely, but not grouped into one fact"
        elif ref in echoes:
            verdict = "not matched as one claim"
        else:
            verdict = "not the same claim"
        ua = alignment.units[link.a][link.i]
        ub = alignment.units[link.b][link.j]
        names = sorted(_shared_words(ua.text, ub.text, names_only=True, common=common_names))
        words = names or sorted(
            _shared_words(ua.text, ub.text, names_only=False, common=common_words)
        )
        if words and ref in echoes:
            close = f"close in meaning (similarity {link.cosine:.2f})"
            reason = f"both about {', '.join(words[:4])}; {close}, {verdict}"
        elif words:
            reason = f"both about {', '.join(words[:4])}; {verdict}"
        else:
            reason = f"close in meaning (similarity {link.cosine:.2f}); {verdict}"
        key = f"{ua.article_id}:{ua.start}|{ub.article_id}:{ub.start}"
        out.append(
            RelatedLink(
                id="r" + hashlib.blake2b(key.encode(), digest_size=4).hexdigest(),
                a=(ua.article_id, ua.sentence_index),
                b=(ub.article_id, ub.sentence_index),
                a_span=Span(start=ua.start, end=ua.end, text=ua.text),
                b_span=Span(start=ub.start, end=ub.end, text=ub.text),
                score=link.score,
                shared=tuple(words[:6]),
                reason=reason,
            )
        )
    return tuple(out)


# Words that name no subject, beyond the auxiliaries: pronouns, particles, conjunctions and
# prepositions of Ukrainian and Russian that the shared stop list lets through ("both
# about или", "both about этом", "both about після"), and English particles.
_NO_SUBJECT = frozenset(
    """up out off i'm
    этом этого этой этих эти этот эта том тот та те того тем тех или либо после перед
    при через между под над где когда тогда там тут здесь мы вы я ты мне нас нам вас им
    ним ней них свой своей своих также ещё еще уже будет будут может могут всех все весь
    всё только даже чтобы если так же ли бы ни
    цьому цього цієї цих ці цей ця тому той ті тих або чи після перед при через між під
    над де коли тоді там тут ми ви я ти мені нас нам вас їм ним ній них свій своїх також
    ще вже буде будуть може можуть всіх всі весь усі все тільки лише навіть щоб якщо так
    же би ні""".split()
)
# Endings of English contractions ("doesn't", "I'm", "they're"): an auxiliary or pronoun.
_CONTRACTION = ("n't", "'m", "'re", "'ll", "'ve", "'d")


@lru_cache(maxsize=1 << 14)  # pure and called per related link: memoised
def _names_inside(text: str) -> frozenset[str]:
    """The words of ``text`` that sit inside a name of two words or more: "White" of
    "White House" and "Vice" of "Vice President" are a name's pieces, not a subject of
    their own (the name itself is weighed as a name, or left out as the story's)."""
    return frozenset(w for _, name in _runs(text) if " " in name for w in name.split())


@lru_cache(maxsize=1 << 14)  # a unit is in many related links: its names found once
def _runs(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(name_runs(text))


def _same_name(x: str, y: str) -> bool:
    """Whether two names under one key (``names.name_key``) start alike once in Latin
    letters: the key puts every vowel in one class, so "AfCTA" and "Общественные" share
    one, while "Kyiv", "Kiev" and "Київ" still start alike."""
    return name_key(x) == name_key(y) and to_latin(x)[:1].lower() == to_latin(y)[:1].lower()


def _shared_words(
    a: str, b: str, *, names_only: bool, common: frozenset[str] = frozenset()
) -> set[str]:
    """Names (as written in ``a``, matched across scripts) or content words of ``a``
    that ``b`` also uses, but for the ``common`` name keys or word stems."""
    if names_only:
        shared = shared_names(a, b) - common
        theirs = [name for _, name in _runs(b) if name_key(name) in shared]
        # one key may cover two names ("AfCTA" and "Общественные"): print a name of ``a``
        # only where a name of ``b`` under its key can be the same name
        return {
            name
            for _, name in _runs(a)
            if name_key(name) in shared
            and any(_same_name(name, other) for other in theirs)
            and not _no_subject(name)
        }
    stems = (content_tokens(a) & content_tokens(b)) - common
    pieces = _names_inside(a.replace("’", "'"))
    out: set[str] = set()
    for word in a.replace("’", "'").split():
        w = word.strip(".,;:!?\"'“”«»()[]")
        # "both about if" says nothing: an auxiliary or pronoun is no subject
        if w and w.lower()[:5] in stems and not _no_subject(w) and w not in pieces:
            out.add(w)
    return out


def _no_subject(word: str) -> bool:
    """Whether a word names no subject: an auxiliary, pronoun, particle or function word,
    or a contraction ("I'm", capitalised as a name is, "doesn't")."""
    low = word.lower().replace("’", "'")
    return low in AUXILIARIES or low in _NO_SUBJECT or low.endswith(_CONTRACTION)


def leftovers(
    segmented: Sequence[Segmented], alignment: Alignment, facts: Sequence[Fact]
) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[Addition, ...]]]:
    """Unique sentences and additions per article id.

    A sentence is unique when none of its units is in a fact or a related link. A unit
    in neither, inside a sentence with another unit that is, is an addition
    (``kind="clause"``). A fuller version's extra words count as an addition
    (``kind="extra"``) only when every other article of the fact is compared with it in
    the same language and each comparison finds the same words missing: otherwise
    somebody else may say them.
    """
    touched: set[tuple[int, int]] = {ref for g in alignment.unit_groups for ref in g}
    for link in alignment.related:
        touched.update({(link.a, link.i), (link.b, link.j)})
    fact_of: dict[tuple[str, int], str] = {}
    for fact in facts:
        for art_id, idxs in fact.members.items():
            for i in idxs:
                fact_of.setdefault((art_id, i), fact.id)
    unique: dict[str, tuple[int, ...]] = {}
    additions: dict[str, list[Addition]] = {}
    for a, seg in enumerate(segmented):
        alone, clauses = _untouched(a, seg, alignment, touched, fact_of)
        unique[seg.article.id] = alone
        if clauses:
            additions.setdefault(seg.article.id, []).extend(clauses)
    for fact in facts:
        for add in _extras(fact, segmented):
            additions.setdefault(add.article_id, []).append(add)
    return unique, {
        aid: tuple(sorted(adds, key=lambda x: x.start)) for aid, adds in additions.items()
    }


def _untouched(
    a: int,
    seg: Segmented,
    alignment: Alignment,
    touched: set[tuple[int, int]],
    fact_of: dict[tuple[str, int], str],
) -> tuple[tuple[int, ...], list[Addition]]:
    """The sentences of article ``a`` that no fact or related link touches, and the units
    left out of a sentence that one does touch (``kind="clause"`` additions)."""
    aid = seg.article.id
    by_sentence: dict[int, list[int]] = {}
    for k, u in enumerate(alignment.units[a] if alignment.units else ()):
        by_sentence.setdefault(u.sentence_index, []).append(k)
    alone = []
    clauses = []
    for s in seg.sentences:
        ks = by_sentence.get(s.index, [])
        if not any((a, k) in touched for k in ks):
            # A line that states nothing the aligner could match (a heading in capitals,
            # "DEVELOPMENTS IN UKRAINE"; a byline, a dateline, "Архивное фото"; an excerpt
            # cut off) was never compared with the other outlets: "nobody else says it"
            # cannot be backed, so it is not listed. Nor is a stray quotation mark.
            if states_something(s.text):
                alone.append(s.index)
            continue
        for k in ks:
            u = alignment.units[a][k]
            if (a, k) not in touched and len(content_tokens(u.text)) >= 2:
                clauses.append(
                    Addition(
                        article_id=aid,
                        sentence_index=s.index,
                        start=u.start,
                        end=u.end,
                        text=u.text,
                        kind="clause",
                        fact_id=fact_of.get((aid, s.index), ""),
                    )
                )
    return tuple(alone), clauses


def _extras(fact: Fact, segmented: Sequence[Segmented]) -> list[Addition]:
    """Extra words of one member sentence that the version of every other member
    article lacks (the words shared by all its "extra" spans), and that no other article
    uses anywhere: most of their content words must be absent from each other text."""
    text_of = {seg.article.id: seg.article.text for seg in segmented}
    words_of = {aid: content_tokens(text) for aid, text in text_of.items()}
    out = []
    for aid, idxs in fact.members.items():
        for idx in idxs:
            add = _extra(fact, (aid, idx), text_of, words_of)
            if add is not None:
                out.append(add)
    return out


def _extra(
    fact: Fact,
    me: tuple[str, int],
    text_of: dict[str, str],
    words_of: dict[str, frozenset[str]],
) -> Addition | None:
    """The extra words of member sentence ``me``, when each other member article's version
    is compared with it and found to lack them, and no other article uses most of them."""
    aid, idx = me
    needed = set(fact.members) - {aid}
    rels = [r for r in fact.relations if me in (r.a, r.b)]
    if not needed or not rels:
        return None
    span = _shared_extra(rels, aid)
    if span is None:
        return None
    lacking = {(r.b if r.a == me else r.a)[0] for r in rels}
    start, end = span
    text = text_of[aid][start:end].strip()
    own = content_tokens(text)
    # extra spans that do not overlap leave no words (and nothing to divide by)
    elsewhere = (
        max(
            (len(own & words) / len(own) for o, words in words_of.items() if o != aid),
            default=0.0,
        )
        if own
        else 1.0
    )
    if not (
        lacking == needed
        and end > start
        and len(text.split()) >= EXTRA_WORDS
        and own
        and elsewhere < EXTRA_ELSEWHERE
    ):
        return None
    start += text_of[aid][start:end].index(text)
    return Addition(
        article_id=aid,
        sentence_index=idx,
        start=start,
        end=start + len(text),
        text=text,
        kind="extra",
        fact_id=fact.id,
    )


def _shared_extra(rels: Sequence[Relation], aid: str) -> tuple[int, int] | None:
    """Where the "extra" evidence of every relation of one member overlaps: ``None``
    unless each relation is a partial one in which article ``aid`` says more."""
    spans = []
    for r in rels:
        ev = [e for e in r.evidence if e.kind == "extra" and e.article_id == aid]
        if r.label != "partial" or r.fuller != aid or not ev:
            return None
        spans.append((min(e.start for e in ev), max(e.end for e in ev)))
    return max(s for s, _ in spans), min(e for _, e in spans)
