import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.records import Article
from storydiff.segment import detect_language, segment, split_sentences


def _art(text: str, title: str | None = None, lang: str | None = None) -> Article:
    return Article(id="x", text=text, title=title, lang=lang)


def test_english_abbreviations_and_initials_stay_inside_sentences() -> None:
    text = (
        'The U.S. president, Joe R. Biden, said "no." He left at 5 p.m. on Friday. '
        "Mr. Smith agreed."
    )
    sents = [s.text for s in segment(_art(text, lang="en")).sentences]
    assert sents == [
        'The U.S. president, Joe R. Biden, said "no."',
        "He left at 5 p.m. on Friday.",
        "Mr. Smith agreed.",
    ]


def test_cyrillic_sentences_with_quotes_and_initials() -> None:
    ru = "Президент США Дж. Байден заявил: «Нет». Это было в 5 ч. вечера. Киев ответил."
    seg = segment(_art(ru))
    assert seg.lang == "ru"
    assert seg.sentences[0].text == "Президент США Дж. Байден заявил: «Нет»."
    assert len(seg.sentences) == 3
    uk = (
        "Міністр закордонних справ України Дмитро Кулеба заявив, що Україна ніколи не "
        "просила військ. Київ відповів."
    )
    seg = segment(_art(uk))
    assert seg.lang == "uk"
    assert len(seg.sentences) == 2


def test_language_detection_on_the_three_main_languages() -> None:
    assert detect_language("Biden did not support the idea of sending troops to Ukraine.") == "en"
    assert detect_language("Байден не підтримав ідею відправки військ в Україну.") == "uk"
    assert detect_language("Байден не поддержал идею отправки войск на Украину.") == "ru"
    assert detect_language("   ") == "und"


def test_paragraphs_never_merge_and_title_is_one_unit() -> None:
    text = "Biden overruled Macron. Politico\n\nFirst line here.\nSecond line here."
    seg = segment(_art(text, title="Biden overruled Macron. Politico", lang="en"))
    assert seg.sentences[0].text == "Biden overruled Macron. Politico"
    assert seg.sentences[0].is_title
    assert [s.text for s in seg.sentences[1:]] == ["First line here.", "Second line here."]
    assert not any(s.is_title for s in seg.sentences[1:])


def test_seed_article_offsets(seed_paths) -> None:  # type: ignore[no-untyped-def]
    text = seed_paths[0].read_text(encoding="utf-8")
    seg = segment(_art(text))
    assert seg.lang == "en"
    assert len(seg.sentences) >= 15
    for s in seg.sentences:
        assert text[s.start : s.end] == s.text


@given(st.text(alphabet=st.sampled_from(list('ab .!?\n«»"Кк.U.S')), max_size=200))
def test_offsets_are_exact_and_ordered(text: str) -> None:
    prev = 0
    for start, end in split_sentences(text, "en") + split_sentences(text, "ru"):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
    for start, end in split_sentences(text, "en"):
        assert start >= prev
        prev = end


def _words(n_chars: int, seed: int = 0) -> str:
    import random

    rng = random.Random(seed)
    words = ["alpha", "beta", "news", "report", "said", "minister", "Mr", "Dr", "U.S", "etc"]
    out: list[str] = []
    size = 0
    while size < n_chars:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def test_a_long_text_without_punctuation_is_split_in_linear_time() -> None:
    # pysbd alone took 1.8 s on 16 kB of words without a full stop, and ~30x that on 100 kB
    # (quadratic): a 500 kB paste hung `compare` for minutes, and 50 kB took ~17 s. Split a
    # window of MAX_SENTENCE_CHARS at a time, 50 kB takes about a second.
    import time

    from storydiff.segment import MAX_SENTENCE_CHARS

    split_sentences("Warm up. The splitter.", "en")
    text = _words(50_000)
    start = time.perf_counter()
    spans = split_sentences(text, "en")
    took = time.perf_counter() - start
    assert took < 5.0
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() and text[s:e] for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    # nothing but spaces is left out
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_long_sentences_are_cut_at_the_weakest_break_available() -> None:
    from storydiff.segment import MAX_SENTENCE_CHARS

    clause = "the talks went on for hours in the capital"
    semi = "; ".join([clause] * 60)  # ~2,700 characters, no full stop
    spans = split_sentences(semi, "en")
    assert len(spans) > 1
    # every cut falls after a semicolon, none inside a word
    assert all(semi[s:e].endswith(("capital;", "capital")) for s, e in spans)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    huge = "x" * 5000  # one token longer than any sentence: hard cuts, offsets exact
    spans = split_sentences(huge, "ru")
    assert spans[0] == (0, MAX_SENTENCE_CHARS)
    assert spans[-1][1] == 5000
    assert sum(e - s for s, e in spans) == 5000


def test_ordinary_paragraphs_are_split_as_before() -> None:
    # A long paragraph of real sentences is cut only where a sentence ends.
    sentence = "Mr. Smith said the U.S. talks would go on. "
    para = sentence * 60
    spans = split_sentences(para, "en")
    assert [para[s:e] for s, e in spans] == [sentence.strip()] * 60


# --- fuzzing: random Unicode, control characters, huge tokens, long runs ---------------------

_PIECE = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(exclude_categories=("Cs",)),
            st.sampled_from(list(" .!?;:,\n\t\r\x00\x0b\x1c\u2028\u202e\u2069«»\"'Mr.U.S")),
        ),
        min_size=1,
        max_size=40,
    ),
    # words without a full stop: what made pysbd quadratic
    st.lists(
        st.sampled_from(["said", "the", "Mr", "U.S", "etc", "news", "Київ", "заявил", ","]),
        min_size=1,
        max_size=12,
    ).map(lambda words: " ".join(words) + " "),
)


@settings(max_examples=20, deadline=None)
@given(
    piece=_PIECE,
    size=st.sampled_from([50, 3_000, 24_000]),
    lang=st.sampled_from(["en", "ru", "uk", "de"]),
)
def test_fuzzed_text_segments_exactly_and_in_linear_time(piece: str, size: int, lang: str) -> None:
    # A piece repeated to up to 24 kB: run-on text, huge tokens (one character repeated),
    # control characters and every script. Offsets stay exact and nothing raises. Time is
    # linear: four times the text takes about four times the CPU (a quadratic splitter, as
    # before, takes sixteen). CPU time, not wall time: other processes share the machine.
    import time

    from storydiff.segment import MAX_SENTENCE_CHARS

    text = (piece * (size // len(piece) + 1))[:size]
    quarter = text[: len(text) // 4]
    start = time.process_time()
    split_sentences(quarter, lang)
    small = time.process_time() - start
    start = time.process_time()
    spans = split_sentences(text, lang)
    took = time.process_time() - start
    assert took < 0.3 + 7 * small
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert e - s <= MAX_SENTENCE_CHARS
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    seg = segment(_art(text, lang=lang))
    assert [(x.start, x.end) for x in seg.sentences] == spans


def test_sentences_are_the_same_when_threads_split_at_once() -> None:
    # The web app segments in several threads. pysbd's Segmenter keeps the text it is
    # splitting on itself, so one shared per language mixed up texts: 74 of 80 splits
    # came out wrong with 8 threads (switching threads often, as a loaded server does).
    import sys
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        " ".join(
            f"Sentence {i} number {k} is here, said Mr. Smith of the U.S. team." for k in range(30)
        )
        for i in range(16)
    ]
    expected = [split_sentences(t, "en") for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda t: split_sentences(t, "en"), texts * 2))
    finally:
        sys.setswitchinterval(interval)
    assert got == expected * 2


def test_the_language_is_the_one_most_of_the_text_is_in() -> None:
    # The lite model reads some English headline-and-paragraph pairs as German; line by
    # line, weighed by length, the text is English (and "Jan. 6" stays in one sentence).
    from storydiff.segment import detect_language

    text = (
        "GOP hands Democrats first filibuster, blocking bill to create Jan. 6 riot commission"
        "\n\nSenate Republicans on Friday thwarted an effort to create an independent "
        "bipartisan commission to investigate the Jan. 6 riot at the Capitol, blocking "
        "legislation they believed would ultimately be used as a political weapon against "
        "them by Democrats."
    )
    assert detect_language(text) == "en"
    sentences = segment(Article(id="x", text=text)).sentences
    assert [s.text[-8:] for s in sentences] == ["mmission", "mocrats."]
    assert detect_language("Міністр сказав, що міст закриють.\nКиїв заявив про атаку.") == "uk"


def test_a_piece_after_an_abbreviation_that_goes_on_is_no_sentence() -> None:
    # pysbd ends a sentence at "D-Del." although a comma follows: the fragment "In a
    # letter June 30 to Sens. ..." then stood for a claim of its own, without its verb.
    text = (
        "In a letter June 30 to Sens. Alan Reed, D-R.I., and Chris Lowe, D-Del."
        ", made public Thursday, an aide acknowledged the tip line. Next sentence here."
    )
    texts = [text[s:e] for s, e in split_sentences(text, "en")]
    assert texts[0].endswith("acknowledged the tip line.")
    assert len(texts) == 2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Otwieramy następne szpitale, tzw. drugiego rzutu, jak powiedział. Drugie zdanie.", "pl"),
        ("The bill costs approx. ten million dollars, the office said. It passed.", "en"),
    ],
)
def test_a_lower_case_abbreviation_ends_no_sentence(text: str, lang: str) -> None:
    # "szpitale, tzw." | "drugiego rzutu ..." was two sentences, the first cut off.
    assert len(split_sentences(text, lang)) == 2
