"""The quality gate: floors are found in real result shapes and a drop fails."""

from __future__ import annotations

import json
from pathlib import Path

from storydiff.evaluate.__main__ import FLOORS, TASKS, check, lookup


def _results() -> dict:  # type: ignore[type-arg]
    return {
        "relations": {"SICK": {"accuracy": 0.80, "macro_f1": 0.80}, "MSRP": {"accuracy": 0.7}},
        "alignment": {"systems": {"storydiff": {"f1": 0.16, "precision_lenient": 0.45}}},
    }


def test_lookup_walks_nested_results() -> None:
    assert lookup(_results(), "relations/SICK/accuracy") == 0.80
    assert lookup(_results(), "relations/SICK/missing") is None
    assert lookup({"t": [{"name": "x", "f1": 0.5}]}, "t/x/f1") == 0.5


def test_a_drop_below_a_floor_fails_and_other_tasks_are_ignored() -> None:
    floors = {
        "relations/SICK/accuracy": 0.78,
        "samestory/datasets/BASIL/systems/storydiff/auc": 0.9,
    }
    assert check(_results(), floors) == []
    worse = _results()
    worse["relations"]["SICK"]["accuracy"] = 0.5
    (problem,) = check(worse, floors)
    assert "below its floor" in problem


def test_a_renamed_figure_is_reported_not_skipped() -> None:
    (problem,) = check(_results(), {"relations/SICK/acc": 0.1})
    assert "not found" in problem


def test_every_shipped_floor_is_a_number_in_range() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert floors
    for path, value in floors.items():
        assert path.split("/", 1)[0] in TASKS
        assert 0.0 < value < 1.0


def test_a_dataset_with_no_rows_of_the_split_is_skipped_not_missing(tmp_path: Path) -> None:
    # Our folder has no MSRP or ClaimDiff rows of split "test" (the maintainers keep them
    # back): `--split test --check` must say so and pass their floors, not fail on them.
    from storydiff.evaluate.relations import evaluate_relations, markdown_table

    rows = [
        {
            "pair_id": f"sick-{i}",
            "dataset": "SICK",
            "split": "test",
            "premise": "A man is playing a guitar",
            "hypothesis": hyp,
            "labels": {"nli": nli, "relatedness": 4.0},
        }
        for i, (hyp, nli) in enumerate(
            [
                ("A man is playing an instrument", "entailment"),
                ("A man is sleeping", "contradiction"),
            ]
        )
    ]
    folder = tmp_path / "nli_sick_msrp"
    folder.mkdir()
    (folder / "pairs.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    results = evaluate_relations(tmp_path, split="test", cache=None)
    assert results["SICK"]["n"] == 2
    assert "skipped" in results["MSRP"]
    assert "skipped" in results["ClaimDiff"]
    assert check({"relations": results}, {"relations/MSRP/accuracy": 0.75}) == []
    assert "no MSRP rows of split test in this folder" in markdown_table(results)


def test_a_skipped_dataset_in_a_list_passes_its_floors_and_a_missing_one_does_not() -> None:
    # Clustering lists its datasets; one this folder's split lacks says so.
    results = {"clustering": {"datasets": [{"dataset": "ECB+", "skipped": "no ECB+ groups"}]}}
    assert check(results, {"clustering/datasets/ECB+/bcubed_f1": 0.8}) == []
    (problem,) = check(results, {"clustering/datasets/BASIL/bcubed_f1": 0.8})
    assert "not found" in problem
