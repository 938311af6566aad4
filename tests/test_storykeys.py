"""Story keys: one script for names and n-grams, numbers by value, dates named in text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storydiff.storykeys import (
    Background,
    DateRange,
    days_apart,
    gram_hashes,
    gram_similarities,
    gram_similarity,
    headline_day,
    mentioned_dates,
    name_gram_similarity,
    numbers,
    story_keys,
)
from storydiff.text.names import sound_key, to_latin


@pytest.mark.parametrize("spelling", ["Kyiv", "Kiev", "Київ", "Киев", "Києві", "Києвом", "Kiev's"])
def test_kyiv_is_one_key_in_every_spelling(spelling: str) -> None:
    assert sound_key(spelling) == sound_key("Kyiv")


def test_to_latin_transliterates_and_drops_accents() -> None:
    assert to_latin("Зеленський") == "zelenskiy"
    assert to_latin("Zürich Αθήνα") == "zurich athina"
    assert to_latin("北京") == "北京"  # other scripts still compare with themselves


def test_grams_are_stable_and_shared_across_scripts() -> None:
    assert np.array_equal(gram_hashes("Zelensky"), gram_hashes("ZELENSKY"))
    en = story_keys("Zelensky met Biden in Kyiv.", names=frozenset(), date=None)
    uk = story_keys("Зеленський зустрівся з Байденом у Києві.", names=frozenset(), date=None)
    other = story_keys("Rain is expected over the weekend.", names=frozenset(), date=None)
    assert gram_similarity(en, uk) > 2 * gram_similarity(en, other)


def test_name_grams_compare_names_and_leave_out_the_other_words() -> None:
    def keys(text: str):  # type: ignore[no-untyped-def]
        return story_keys(text, names=frozenset(), date=None)

    # Same wording, other names and day: alike as text, not as names.
    a = keys("The minister said the talks would resume on Monday in Geneva.")
    b = keys("The minister said the talks would resume on Friday in Warsaw.")
    assert name_gram_similarity(a, b) < 0.2 < 0.5 < gram_similarity(a, b)
    # Same names in two scripts: the names carry more of the likeness than the text does.
    en = keys("Zelensky met Biden in Kyiv.")
    uk = keys("Зеленський зустрівся з Байденом у Києві.")
    assert name_gram_similarity(en, uk) > gram_similarity(en, uk)


def test_background_idf_weighs_common_grams_less() -> None:
    common = np.unique(gram_hashes("the"))
    bg = Background(hashes=common, df=np.full(len(common), 90), documents=100, min_df=5)
    a = story_keys("the the the Zelensky", names=frozenset(), date=None, bg=bg)
    b = story_keys("the the the Obama", names=frozenset(), date=None, bg=bg)
    c = story_keys("Zelensky", names=frozenset(), date=None, bg=bg)
    assert gram_similarity(a, c) > gram_similarity(a, b)


def test_numbers_by_value_without_years() -> None:
    assert numbers("2,300 people; 2 300 people; 2300 people") == {"2300"}
    assert numbers("In 2014, 15 died and 3.5 percent") == {"15", "3.5"}
    assert numbers("7 days") == frozenset()


def test_mentioned_dates_in_three_languages() -> None:
    found = mentioned_dates(
        "On March 12, 2014 and 12 березня 2014 року; 5 мая 2019; in May 2019; 2020-01-05"
    )
    assert DateRange(first=dt.date(2014, 3, 12), last=dt.date(2014, 3, 12)) in found
    assert DateRange(first=dt.date(2019, 5, 5), last=dt.date(2019, 5, 5)) in found
    assert DateRange(first=dt.date(2019, 5, 1), last=dt.date(2019, 5, 31)) in found
    assert DateRange(first=dt.date(2020, 1, 5), last=dt.date(2020, 1, 5)) in found
    assert not mentioned_dates("It happened in 2014.")  # a bare year is too loose


def test_days_apart_unless_the_text_names_the_other_date() -> None:
    early = story_keys("Troops entered the city.", names=frozenset(), date=dt.date(2022, 3, 1))
    later = story_keys("Shelling hit the port.", names=frozenset(), date=dt.date(2023, 9, 1))
    follow = story_keys(
        "A year and a half after troops entered the city in March 2022, a court ruled.",
        names=frozenset(),
        date=dt.date(2023, 9, 1),
    )
    undated = story_keys("Troops entered the city.", names=frozenset(), date=None)
    assert days_apart(early, later) == 549
    assert days_apart(early, follow) == 0
    assert days_apart(early, undated) is None


def test_an_undated_article_is_dated_by_the_one_day_its_headline_names() -> None:
    assert headline_day("Situation report as of 27 September 2015") == dt.date(2015, 9, 27)
    assert headline_day("Зведення станом на 5 травня 2019 року") == dt.date(2019, 5, 5)
    assert headline_day("Talks resume") is None
    assert headline_day("Prices in May 2019") is None  # a month is no day
    assert headline_day("From 1 May 2019 to 5 May 2019: a week of talks") is None  # two days
    report = story_keys(
        "Shelling hit the port.",
        names=frozenset(),
        date=None,
        headline_date=headline_day("Report as of 1 March 2022"),
    )
    later = story_keys("Shelling hit the port.", names=frozenset(), date=dt.date(2023, 9, 1))
    assert days_apart(report, later) == 549
    published = story_keys(
        "Shelling hit the port.",
        names=frozenset(),
        date=dt.date(2023, 9, 2),
        headline_date=dt.date(2022, 3, 1),
    )
    assert published.headline_date is None  # the publication date is the date
    assert days_apart(published, later) == 1


@pytest.mark.parametrize("form", ["Байден", "Байдена", "Байденом", "Байденові", "Biden's"])
def test_case_forms_of_a_name_share_its_key(form: str) -> None:
    assert sound_key(form) == sound_key("Biden")


def test_gram_similarities_equal_each_pairs_figure_to_the_bit() -> None:
    """The matrix of a story's n-gram cosines is the pairwise figures, exactly: the
    same-story scores (and the JSON's ``char_similarity``) must not move."""
    texts = [
        "Kyiv said on Monday that 300 drones were shot down over the city.",
        "Київ заявив у понеділок, що над містом збили 300 дронів.",
        "Officials in Kiev said about 300 drones were downed on Monday, AFP reports.",
        "The central bank raised its key rate to 7.5% on Thursday.",
        "",
        "Kyiv",
    ]
    keys = [story_keys(t, names=frozenset(), date=None) for t in texts]
    for names, pairwise in ((False, gram_similarity), (True, name_gram_similarity)):
        matrix = gram_similarities(keys, names=names)
        assert matrix.shape == (len(keys), len(keys))
        for i in range(len(keys)):
            assert matrix[i, i] == 0.0
            for j in range(len(keys)):
                if i != j:
                    assert matrix[i, j] == pairwise(keys[i], keys[j])
    assert gram_similarities([]).shape == (0, 0)


def test_numbers_inside_chinese_text_are_found() -> None:
    # No word boundary between 628 and the characters around it.
    assert numbers("调查访问了628名选民，误差为6.2个百分点。") == {"628", "6.2"}


def test_chinese_text_is_compared_on_character_bigrams() -> None:
    # One poll told twice in different words (written for this test): their words are two
    # characters long, so 3-5-grams share almost nothing; bigrams share the words.
    a = story_keys("民调显示拜登继续领先，选民支持率下降。", names=frozenset(), date=None)
    b = story_keys("拜登领先民调，但支持率有所下降。", names=frozenset(), date=None)
    other = story_keys("今天北京天气晴朗，气温回升。", names=frozenset(), date=None)
    assert gram_similarity(a, b) > 0.4
    assert gram_similarity(a, other) < 0.1


def test_a_latin_text_quoting_chinese_characters_keeps_its_grams() -> None:
    # An English report that gives a name in characters is English: its 3-5-grams run
    # through the characters as before, and no bigrams are added.
    from storydiff.storykeys import NGRAMS, latin_words

    text = "Taiwan's health minister Chen Shih-chung (陳時中) said on Monday."
    norm = f" {latin_words(text)} "
    assert len(gram_hashes(text)) == sum(len(norm) - n + 1 for n in NGRAMS)
