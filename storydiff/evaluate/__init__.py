"""Evaluation harnesses on the annotated datasets in ``../shared/data`` (or ``STORYDIFF_DATA``).

``python -m storydiff.evaluate --data DIR [--split test]`` runs every task and checks the
floors (``floors.json``); it ships with the package so that anyone can score an installed
storydiff on their own copy of held-back data. The harness is a client of the library: it
imports only public names of ``storydiff`` modules.

- ``datasets`` loads the data as ``Article`` records (groups, distractors, JSON Lines);
  ``metrics`` holds the clustering and ranking metrics.
- One module per task, each with an ``evaluate_*`` function returning a plain dict of
  figures, a ``markdown_table`` and its own ``python -m`` entry point: ``samestory``
  (with ``similarity``), ``alignment``, ``relations``, ``framing``, ``attribution`` (with
  ``attribution_ukru`` and ``entitykeys``), ``clustering``; ``embedders`` and ``engines``
  compare embedding backends.
- ``fit`` refits the alignment and same-story scorers (``make fit``).
- ``cli`` is what the entry points share; ``benchdoc`` writes a section of
  docs/benchmarks.md (also used by ``storydiff.bench``).
"""
