"""The web app serves stories from PostgreSQL while a Ray ingest writes to it, without errors.

``storydiff serve --db postgresql://...`` runs as its own process on a free loopback port
on an empty store; a Ray ingest (2 workers) of six days of AllSides articles writes into the
same database, while two clients request the story list, a search, story pages, story
comparisons and their JSON twins before, throughout and after it
(``storydiff.bench.scale.serve_while_ingesting``, which ``--serve`` records in
docs/benchmarks.md on more articles).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storydiff.bench.scale import serve_while_ingesting


@pytest.mark.postgres
@pytest.mark.ray
@pytest.mark.data
@pytest.mark.slow
def test_the_web_app_serves_stories_while_ray_ingests(
    local_ray: Any, postgres_url: str, week: Path, tmp_path: Path
) -> None:
    pytest.importorskip("httpx", reason="httpx is not installed: pip install 'storydiff[dev]'")
    source = tmp_path / "week.jsonl"
    source.write_bytes(week.read_bytes())
    run = serve_while_ingesting(postgres_url, source, workers=2, concurrency=2, timeout=300)
    log = run.server_log.read_text(errors="replace")[-3000:]
    assert not run.errors, f"{run.errors[:5]}\n{log}"
    assert run.summary.added > 100
    kinds = {h.kind for h in run.hits}
    assert kinds == {"list", "search", "story", "compare"}, kinds
    # Each kind was asked while the ingest wrote, not only before or after it.
    assert {h.kind for h in run.hits if h.during} >= {"list", "search", "story"}
    # New stories became visible: the server started on an empty store, and lists every
    # story the ingest committed once it is over, without a restart.
    assert run.hits[0].total == 0
    assert run.listed_at_end == run.stored_at_end > 0
