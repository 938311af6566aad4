"""How the relay-tracing records read as short phrases, in the JSON and in every view.

``storydiff.sources`` traces which origins stand behind a fact; these are the strings a
reader sees for them, kept with the renderers so the tracing module holds no wording.
"""

from __future__ import annotations

from storydiff.records import FactOrigins, Origin


def chain(origin: Origin) -> str:
    """``"Politico ← two people familiar with the call"``."""
    return " ← ".join((origin.name, ", ".join(origin.sources))) if origin.sources else origin.name


def summary(fact: FactOrigins) -> str:
    """``"2 outlets, 1 origin: Politico"``."""
    n, m = len(fact.carried_by), fact.n_independent
    names = ", ".join(o.name for o in fact.origins)
    return f"{n} outlet{'s' * (n != 1)}, {m} origin{'s' * (m != 1)}: {names}"


__all__ = ["chain", "summary"]
