"""Speed, memory and load benchmarks of this checkout; they write docs/benchmarks.md.

    python -m storydiff.bench            # one comparison of k articles (make bench)
    python -m storydiff.bench.corpus     # corpus ingest as it grows (make bench-corpus)
    python -m storydiff.bench.loadtest   # the web app under load (make loadtest)

They measure a source checkout, not an installed package: they read ``examples/`` and
record the commit in the docs, so they are left out of the wheel (pyproject.toml), unlike
``storydiff.evaluate``, which users run on their own copy of held-back data. Nothing in
the library imports them; they use its public API only.
"""
