"""Reported denials: "Putin dismissed claims that Russian forces took part" reports that
someone denies what "Russian forces moved into Crimea" states. The two share the words of
the claim, so the scorer finds them close, but they are two claims, and neither agrees
with the other: a fact joining them would read as "both outlets say Russian forces took
part", or, labelled ``conflict``, as "the outlets disagree", which is false too, since
Putin can deny what happened. Such a pair is at most related (``related_links``).
A plain version that names who denies tells of the denial, not of what is denied.

A version that says no in its own words ("Russia has said its troops are not
involved", "the Kremlin rejected the accusations") is told of the same denial, so only a
denial against a version that says no in no way keeps two units apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from storydiff.align.names import capitals, name_key, name_runs
from storydiff.align.words import content_tokens
from storydiff.relate.lexicon import LEXICAL_NEGATIVES, NEGATION_WORDS

Stance = Literal["denies", "says no", "states"]

# What is denied: a claim, a report, an allegation ("dismissed claims recently voiced by
# some media that ...", "rejected the accusations", "disputed the idea that").
_CLAIM_NOUNS = (
    r"claims?|reports?|allegations?|accusations?|suggestions?|assertions?|charges|"
    r"rumou?rs?|speculation|idea|notion|contention"
)
_DENY = r"den(?:y|ies|ied|ying)"
_DISPUTE = r"disput(?:e|es|ed|ing)"
_EN_DENIAL = re.compile(
    # a verb of denial before what it denies, at most two words between ("dismissed
    # the claims", "rejected Western media reports"); "rejected a bill" denies no claim
    r"\b(?:" + _DENY + r"|" + _DISPUTE + r"|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|"
    r"refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?)"
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:" + _CLAIM_NOUNS + r")\b"
    # "denied that ...", "denied sending troops", "denies any involvement" ("seeking to
    # dismiss that case" is a motion, not a denial)
    r"|\b(?:" + _DENY + r"|" + _DISPUTE + r")\s+that\b"
    r"|\b" + _DENY + r"\s+(?:any\s+)?(?:involvement|wrongdoing|responsibility|\w+ing)\b",
    re.IGNORECASE,
)
# Ukrainian and Russian verbs that deny by themselves (заперечив, спростував, опроверг,
# отрицает), and those that deny only a claim ("відкинув звинувачення", "отверг
# обвинения"; "отверг предложение" is a decision).
_UK_RU_DENIAL = re.compile(
    r"\b(?:заперечу\w*|заперечи\w*|спросту\w*|опроверг\w*|опроверга\w*|отрица\w*)"
    r"|\b(?:відкин\w*|відкида\w*|отверг\w*|отверга\w*)(?:\s+\w+)?\s+"
    r"(?:звинувачен|обвинен|заяв|твердж|утвержд|повідомлен|сообщен|чутк|слух)\w*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’ʼ]+")
_SAYS_NO = NEGATION_WORDS | LEXICAL_NEGATIVES


@dataclass(frozen=True, kw_only=True)
class Reading:
    """How a unit stands to what it says (``stance``), and for a denial, who denies: the
    names and the last content word before the verb ("Putin also dismissed claims"
    gives Putin; "Blumenthal's campaign disputed a report", Blumenthal and campaign)."""

    stance: Stance
    denier_names: frozenset[str] = frozenset()
    denier_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 14)  # pure and called per unit: memoised
def read_stance(text: str) -> Reading:
    """Whether a unit reports a denial (and whose), says no in another way (a
    negation, a verb of refusal), or states what it says plainly."""
    found = [*_EN_DENIAL.finditer(text), *_UK_RU_DENIAL.finditer(text)]
    # "neither confirms nor denies", "did not deny": no denial reported
    denials = [m for m in found if not _says_no(_WORD.findall(text[: m.start()])[-2:])]
    if denials:
        before = text[: min(m.start() for m in denials)]
        head = [w for w in _WORD.findall(before) if content_tokens(w)][-1:]
        return Reading(
            stance="denies",
            denier_names=frozenset(name_key(n) for _, n in name_runs(before)),
            denier_words=content_tokens(" ".join(head)),
        )
    return Reading(stance="says no" if _says_no(_WORD.findall(text)) else "states")


def stance(text: str) -> Stance:
    """``read_stance(text).stance``."""
    return read_stance(text).stance


def _says_no(words: list[str]) -> bool:
    return any(w.lower() in _SAYS_NO or w.lower().endswith(("n't", "n’t", "nʼt")) for w in words)


def denial_of_statement(x: str, y: str) -> bool:
    """Whether one of two units reports a denial and the other states plainly what is
    denied: two claims, not one fact. A plain version that names who denies ("Blumenthal's
    campaign called a New York Times report ... an 'outrageous distortion'" beside
    "Blumenthal's campaign disputed a report in the New York Times") tells of the same
    denial in its own words."""
    rx, ry = read_stance(x), read_stance(y)
    if {rx.stance, ry.stance} != {"denies", "states"}:
        return False
    denial, plain = (rx, y) if rx.stance == "denies" else (ry, x)
    return not (
        denial.denier_names & capitals(plain) or denial.denier_words & content_tokens(plain)
    )
