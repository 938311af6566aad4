"""The English model's attribute ruler, its patterns found through an index.

The ruler runs after the parser and sets POS, morphology and a few lemmas from 179
patterns of one or two tokens (a tag, a lowercase word, a dependency label:
en_core_web_sm's tag map, its words by tag and a few rules on the parse). spaCy's
``Matcher`` tries every pattern at every token: on a 50-article story that is 1.1 of the
English parse's ~9.5 CPU-s, more than the tagger and the lemmatizer together. Each of these
patterns opens with a test of equality or membership, so a token's candidates are a
dictionary lookup of its word, its label, its tag or its whitespace flag, and only those
are tested in full.

The ruler's own ``match`` is replaced only when every pattern has a form this module
reads (no operators, only the attributes and predicates below); it returns the same
sorted list of ``(rule, key, start, end)`` that spaCy's does, so ``set_annotations``
writes the same tokens (tests/test_attribute_ruler.py compares both on real sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The token attributes a pattern may test here; anything else keeps spaCy's matcher.
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


@dataclass(frozen=True, kw_only=True)
class _Test:
    """One attribute of one token: ``column`` of ``Doc.to_array(_ATTRS)``, how it is
    compared (``eq``, ``in``, ``not_in``, ``regex``) and against what."""

    column: int
    kind: str
    value: Any


@dataclass(frozen=True, kw_only=True)
class _Pattern:
    """One pattern of one rule: the ruler's sort key (``rule``, the rule's number, and
    ``key``, the matcher's id for it), the test it is indexed by (``lead``, on its first
    token; None: tried at every token) and the others (``first`` on its first token,
    ``more`` on each token after it)."""

    rule: int
    key: int
    lead: _Test | None
    first: tuple[_Test, ...]
    more: tuple[tuple[_Test, ...], ...]


# Which test of a first token indexes its pattern: the most selective attribute first.
_LEAD_ORDER = ("LOWER", "DEP", "TAG", "IS_SPACE")


class IndexedRuler:
    """``AttributeRuler.match`` for a ruler whose patterns all compile (``compile_ruler``)."""

    def __init__(self, ruler: Any, patterns: list[_Pattern]) -> None:
        from spacy.attrs import IDS

        self._strings = ruler.vocab.strings
        self._ids = [IDS[name] for name in _ATTRS]
        # Per column, the patterns indexed by a test on it, by each value that passes.
        index: dict[int, dict[int, list[_Pattern]]] = {}
        self._always: list[_Pattern] = []
        for pattern in patterns:
            lead = pattern.lead
            if lead is None:
                self._always.append(pattern)
                continue
            by_value = index.setdefault(lead.column, {})
            for value in (lead.value,) if lead.kind == "eq" else lead.value:
                by_value.setdefault(value, []).append(pattern)
        self._index = sorted(index.items())

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: ``(rule, key, start, end)``, sorted."""
        if not len(doc):
            return []
        rows: list[list[int]] = doc.to_array(self._ids).tolist()
        found: list[tuple[int, int, int, int]] = []
        for start, row in enumerate(rows):
            for column, by_value in self._index:
                hits = by_value.get(row[column])
                if hits:
                    self._extend(found, rows, start, hits)
            if self._always:
                self._extend(found, rows, start, self._always)
        return sorted(set(found))

    def _extend(
        self,
        found: list[tuple[int, int, int, int]],
        rows: list[list[int]],
        start: int,
        patterns: list[_Pattern],
    ) -> None:
        """Adds the matches of ``patterns`` at ``start`` to ``found``."""
        for pattern in patterns:
            if pattern.first and not self._passes(rows[start], pattern.first):
                continue
            end = start + 1 + len(pattern.more)
            if pattern.more and (
                end > len(rows)
                or not all(
                    self._passes(rows[start + 1 + k], tests) for k, tests in enumerate(pattern.more)
                )
            ):
                continue
            found.append((pattern.rule, pattern.key, start, end))

    def _passes(self, row: list[int], tests: tuple[_Test, ...]) -> bool:
        for test in tests:
            value = row[test.column]
            if test.kind == "eq":
                ok = value == test.value
            elif test.kind == "in":
                ok = value in test.value
            elif test.kind == "not_in":
                ok = value not in test.value
            else:
                ok = test.value.search(self._strings[value]) is not None
            if not ok:
                return False
        return True


def compile_ruler(ruler: Any) -> IndexedRuler | None:
    """An indexed matcher for ``ruler`` (spaCy's ``AttributeRuler``), or None when one of
    its patterns uses an operator, an attribute or a predicate not read here."""
    from spacy.strings import get_string_id

    patterns = []
    for rule in range(len(ruler.attrs)):
        key = ruler.vocab.strings[str(rule)]
        for tokens in ruler.matcher.get(key)[1]:
            compiled = [_token_tests(spec, get_string_id) for spec in tokens]
            if not compiled or any(t is None for t in compiled):
                return None
            patterns.append(_pattern(rule, key, compiled))  # type: ignore[arg-type]
    return IndexedRuler(ruler, patterns)


def _pattern(rule: int, key: int, tokens: list[tuple[_Test, ...]]) -> _Pattern:
    """A pattern indexed by its first token's equality or membership test on the most
    selective attribute (``_LEAD_ORDER``), if it has one."""
    leads = [t for t in tokens[0] if t.kind in ("eq", "in")]
    lead = min(leads, key=lambda t: _LEAD_ORDER.index(_ATTRS[t.column]), default=None)
    return _Pattern(
        rule=rule,
        key=key,
        lead=lead,
        first=tuple(t for t in tokens[0] if t is not lead),
        more=tuple(tokens[1:]),
    )


def _token_tests(spec: dict[str, Any], string_id: Any) -> tuple[_Test, ...] | None:
    """The tests of one token's pattern, as the matcher converts them: strings to their
    ids (the empty string is 0), booleans to 0 or 1; None for what is not read here."""
    tests = []
    for attr, want in spec.items():
        if attr not in _ATTRS:
            return None
        column = _ATTRS.index(attr)
        if not isinstance(want, dict):
            if not isinstance(want, str | bool):
                return None
            tests.append(_Test(column=column, kind="eq", value=_id(want, string_id)))
            continue
        if len(want) != 1:
            return None
        ((op, arg),) = want.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            ids = frozenset(string_id(v) for v in arg)
            tests.append(_Test(column=column, kind=op.lower(), value=ids))
        elif op == "REGEX" and isinstance(arg, str) and attr == "LOWER":
            tests.append(_Test(column=column, kind="regex", value=re.compile(arg)))
        else:
            return None
    return tuple(tests)


def _id(value: str | bool, string_id: Any) -> int:
    return int(value) if isinstance(value, bool) else int(string_id(value))
