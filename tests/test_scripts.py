"""Which script a text is written in."""

from __future__ import annotations

from storydiff.text.scripts import letters_script, spaced, unspaced


def test_letters_script_names_the_script_of_most_letters() -> None:
    assert letters_script("Зеленський у Києві") == "latn"  # compared after transliteration
    assert letters_script("Biden in Kyiv") == "latn"
    assert letters_script("拜登在基辅") == "CJK"
    assert letters_script("バイデン大統領が来日した") == "CJK"
    assert letters_script("بايدن في كييف") == "ARABIC"


def test_only_text_of_an_unspaced_script_is_spaced() -> None:
    assert unspaced("访问了628名选民")
    assert spaced("访问了628名选民") == " 访问了 628 名选民 "
    english = "Chen Shih-chung (陳時中) spoke."
    assert not unspaced(english)
    assert spaced(english) == english
