"""How the relay-tracing records read as short phrases, in the JSON and in every view.

``storydiff.sources`` traces which origins stand behind a fact; these are the strings a
reader sees for them, kept with the renderers so the tracing module holds no wording.
"""

from __future__ import annotations

from storydiff.records import FactOrigins, Origin

# ``storydiff.origins.UNREAD``, spelt here so that renderers need not import the tracer.
UNREAD = "unread"


def chain(origin: Origin) -> str:
    """``"Politico ← two people familiar with the call"``; ``"Gazeta (sources not
    read)"`` for an article in a language who-says-what does not read."""
    if origin.kind == UNREAD:
        return f"{origin.name} (sources not read)"
    return " ← ".join((origin.name, ", ".join(origin.sources))) if origin.sources else origin.name


def count(fact: FactOrigins, noun: str = "independent origin") -> str:
    """``"2 outlets, 1 independent origin"``. The count leaves out what was not read, so it
    is a floor when an outlet was not read: ``"at least 1 ..."``, or ``"origins not
    traced"`` when none was."""
    n, m = len(fact.carried_by), fact.n_independent
    outlets = f"{n} outlet{'s' * (n != 1)}"
    if not any(o.kind == UNREAD for o in fact.origins):
        return f"{outlets}, {m} {noun}{'s' * (m != 1)}"
    if not m:
        return f"{outlets}, origins not traced"
    return f"{outlets}, at least {m} {noun}{'s' * (m != 1)}"


def summary(fact: FactOrigins) -> str:
    """``"2 outlets, 1 origin: Politico"``."""
    names = ", ".join(o.name for o in fact.origins)
    return f"{count(fact, 'origin')}: {names}"


def traced(fact: FactOrigins) -> bool:
    """Whether every origin of the fact was traced (no outlet's sources left unread)."""
    return all(o.kind != UNREAD for o in fact.origins)


__all__ = ["chain", "count", "summary", "traced"]
