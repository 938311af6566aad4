"""The command line on good and bad input: one-line messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import storydiff.settings
from storydiff.cli import COMMANDS, main, options_doc
from storydiff.errors import InputError
from storydiff.settings import OPTIONS, Settings

ROOT = Path(__file__).resolve().parent.parent
# The pipeline options given the way a user would, and the settings they must produce.
PIPELINE_ARGV = [
    "--embedder",
    "hashing",
    "--embedder-model",
    "some-model",
    "--relater",
    "some-relater",
    "--relater-model",
    "some-relater-model",
    "--no-cache",
]
PIPELINE_SETTINGS = Settings(
    embedder="hashing",
    embedder_model="some-model",
    relater="some-relater",
    relater_model="some-relater-model",
    cache=False,
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compare", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "expected a message on stderr"
    assert "Traceback" not in err
    assert lines[-1].startswith("storydiff: ")


def test_seed_pair_text_view(capsys, seed_paths) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, *map(str, seed_paths))
    assert code == 0, err
    assert "same story" in out
    assert "Comments are closed." not in out.split("Only in")[0] or "removed" in out


def test_seed_pair_json_is_versioned_and_has_offsets(capsys, seed_paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    code, _, err = run(capsys, *map(str, seed_paths), "--format", "json", "-o", str(target))
    assert code == 0, err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["schema"].startswith("storydiff.comparison/")
    for art in doc["articles"]:
        for s in art["sentences"]:
            assert art["text"][s["start"] : s["end"]] == s["text"]
    assert doc["facts"], "the seed pair shares facts"


def test_markdown_format(capsys, seed_paths) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, *map(str, seed_paths), "-f", "md")
    assert code == 0
    assert out.lstrip().startswith("#")


def test_unknown_format_is_one_line(capsys, seed_paths) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, *map(str, seed_paths), "-f", "yaml")
    assert code != 0
    _one_line_error(err)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        (
            "noarticle.html",
            b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
        ),
    ],
)
def test_bad_input_next_to_one_good_article_exits_non_zero(
    capsys,
    tmp_path: Path,
    seed_paths,
    name: str,
    content: bytes,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    code, _, err = run(capsys, str(seed_paths[0]), str(bad))
    assert code != 0
    _one_line_error(err)
    assert name in err or "one article" in err


def test_non_utf8_text_is_read_with_a_note(capsys, tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    legacy = tmp_path / "cp1251.txt"
    legacy.write_bytes(
        "Байден заблокировал предложение Макрона отправить инструкторов на Украину. "
        "Президент США опасается эскалации конфликта.".encode("cp1251")
    )
    code, _, err = run(capsys, str(seed_paths[0]), str(legacy))
    assert code == 0, err
    assert "note:" in err
    assert "cp1251.txt" in err
    assert "Traceback" not in err


def test_one_article_only(capsys, seed_paths) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, str(seed_paths[0]))
    assert code == 2
    _one_line_error(err)
    assert "two articles" in err


def test_missing_file(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.txt"), str(tmp_path / "nada.txt"))
    assert code != 0
    _one_line_error(err)


def test_huge_file_is_refused_with_its_size(capsys, tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    huge = tmp_path / "huge.txt"
    line = b"This is one sentence of a very long file that nobody should compare. \n"
    with huge.open("wb") as fh:
        fh.write(line * (20_000_000 // len(line) + 1))
    code, _, err = run(capsys, str(seed_paths[0]), str(huge))
    assert code != 0
    _one_line_error(err)
    assert "MB" in err


def test_skipped_input_does_not_stop_a_valid_comparison(capsys, tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = run(capsys, *map(str, seed_paths), str(empty))
    assert code == 0
    assert "skipped" in err
    assert "empty.txt" in err
    assert "Traceback" not in err


def test_mixed_languages(capsys, tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    ru = tmp_path / "ru.txt"
    ru.write_text(
        "Байден заблокировал предложение Макрона об отправке западных инструкторов на Украину, "
        "сообщает Politico.\nПрезидент США выразил обеспокоенность возможной эскалацией конфликта.",
        encoding="utf-8",
    )
    code, out, err = run(capsys, *map(str, seed_paths), str(ru), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    langs = {a["lang"] for a in doc["articles"]}
    assert {"en", "ru"} <= langs


def test_two_hundred_articles(capsys, tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(200):
            text = (
                f"Storm number {i} hit the coast of region {i % 7}. "
                f"Officials counted {i} damaged homes."
            )
            fh.write(json.dumps({"text": text, "outlet": f"Outlet {i}"}) + "\n")
    # Over the default cap (issue 11): allowed when asked for.
    argv = ["compare", "--no-cache", "--embedder", "hashing", str(src), "-f", "json"]
    code = main([*argv, "--max-articles", "200"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert len(json.loads(out)["articles"]) == 200


def test_stdin_json_list(tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    payload = json.dumps(
        [
            {"text": p.read_text(encoding="utf-8"), "outlet": f"O{i}"}
            for i, p in enumerate(seed_paths)
        ]
    )
    proc = subprocess.run(
        [sys.executable, "-m", "storydiff.cli", "compare", "--no-cache", "-f", "json", "-"],
        input=payload.encode(),
        capture_output=True,
        check=False,
        timeout=300,
    )
    # A JSON list piped in is read as JSON when it looks like JSON.
    assert proc.returncode == 0, proc.stderr.decode()
    assert {a["outlet"] for a in json.loads(proc.stdout)["articles"]} == {"O0", "O1"}


def test_no_command_prints_help(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([]) == 2


def test_stdin_opened_write_only_is_one_clear_line(tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    # `storydiff compare - a.txt 0>file`: reading fd 0 fails with EBADF. It said
    # "internal error: OSError" with exit 1.
    with (tmp_path / "sink").open("w") as sink:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "storydiff.cli",
                "compare",
                "--no-cache",
                "--embedder",
                "hashing",
                "-",
                str(seed_paths[0]),
            ],
            stdin=sink,
            capture_output=True,
            check=False,
            timeout=300,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "internal error" not in err
    _one_line_error(err)
    assert "storydiff: skipped <stdin>: cannot read standard input" in err


def test_an_unwritable_output_is_one_clear_line(capsys, tmp_path: Path, seed_paths) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "no-such-folder" / "report.html"
    code, _, err = run(capsys, "--embedder", "hashing", *map(str, seed_paths), "-o", str(out))
    assert code == 2
    assert err.strip() == f"storydiff: error: No such file or directory: {out}"


def _many(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Storm number {i} hit the coast. Officials counted {i} damaged homes."
            fh.write(json.dumps({"text": text, "outlet": f"Outlet {i}"}) + "\n")
    return src


def test_many_articles_are_capped_with_one_clear_line(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 200 articles ran for 230 s and 781 MB with no word; now over the cap is refused at
    # once, and the message names the flag that raises it.
    from storydiff.settings import COMPARE_MAX_ARTICLES

    MAX_COMPARE_ARTICLES = COMPARE_MAX_ARTICLES.default
    n = MAX_COMPARE_ARTICLES + 1
    code, out, err = run(capsys, "--embedder", "hashing", str(_many(tmp_path, n)))
    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"storydiff: error: {n} articles given, more than {MAX_COMPARE_ARTICLES} per "
        f"comparison: compare fewer, or raise the limit with --max-articles {n}"
    )


def test_progress_lines_for_every_stage_when_stderr_is_not_a_terminal(
    capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Under pytest stderr is not a terminal, as under a script or a CI log.
    code, _, err = run(capsys, "--embedder", "hashing", "-f", "json", str(_many(tmp_path, 12)))
    assert code == 0, err
    lines = err.splitlines()
    for words in (
        "splitting 12 articles into sentences",
        "embedding",
        "same story",
        "aligning sentences into facts",
        "relating",
        "wording",
        "who says what",
    ):
        assert any(line.startswith("storydiff: [") and words in line for line in lines), words
    code, _, err = run(
        capsys, "--embedder", "hashing", "-q", "-f", "json", str(_many(tmp_path, 12))
    )
    assert code == 0
    assert err == ""


def test_options_doc_is_generated_from_the_settings_record() -> None:
    # docs/options.md is the record rendered: a knob added or changed without regenerating
    # the page fails here.
    path = ROOT / "docs" / "options.md"
    if os.environ.get("STORYDIFF_UPDATE_DOCS"):
        path.write_text(options_doc(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == options_doc(), (
        "docs/options.md is out of date: STORYDIFF_UPDATE_DOCS=1 pytest tests/test_cli.py "
        "-k options_doc"
    )


def test_each_option_is_declared_once_under_its_own_name() -> None:
    names = [o.name for o in OPTIONS]
    assert len(names) == len(set(names))
    for option in OPTIONS:
        assert getattr(storydiff.settings, option.name.upper()) is option
    for command in COMMANDS.values():
        flags = [flag for o in command.options() for flag in o.flags]
        assert len(flags) == len(set(flags))
        assert all(o.flags for o in command.options())


def record_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """Stand in for the Pipeline: note the settings it was built with, then stop the run."""
    seen: list[Settings] = []

    def stop(settings: Settings, **_: Any) -> None:
        seen.append(settings)
        raise InputError("pipeline reached")

    monkeypatch.setattr("storydiff.compare.Pipeline", stop)
    return seen


def test_compare_passes_every_pipeline_option_on(  # type: ignore[no-untyped-def]
    capsys, monkeypatch: pytest.MonkeyPatch, seed_paths
) -> None:
    seen = record_pipeline(monkeypatch)
    assert main(["compare", *map(str, seed_paths), *PIPELINE_ARGV]) == 2
    assert "pipeline reached" in capsys.readouterr().err
    assert seen == [PIPELINE_SETTINGS]


def test_serve_passes_the_pipeline_options_and_its_limits_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("fastapi")
    import storydiff.web

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(storydiff.web, "serve", lambda *a, **kw: calls.append({"args": a, **kw}))
    assert main(["serve", *PIPELINE_ARGV, "--max-articles", "7", "--db", "x.db"]) == 0
    assert calls[0]["settings"] == PIPELINE_SETTINGS
    assert calls[0]["args"] == ("127.0.0.1", 8000)
    assert (calls[0]["max_articles"], calls[0]["max_bytes"]) == (7, 2_000_000)
    assert (calls[0]["db"], calls[0]["queue"], calls[0]["workers"]) == ("x.db", 16, None)
