"""One BLAS thread inside the per-pair loops; the limit is restored afterwards."""

from __future__ import annotations

import threading

import numpy as np

from storydiff.align import align
from storydiff.blas import _state, blas_threads, one_thread
from storydiff.samestory import same_story


def test_one_thread_inside_and_the_original_count_after() -> None:
    np.ones((2, 2)) @ np.ones((2, 2))  # BLAS is loaded with numpy
    before = blas_threads()
    with one_thread():
        assert blas_threads() == 1
        with one_thread():  # re-entrant
            assert blas_threads() == 1
        assert blas_threads() == 1  # the outer block still holds the limit
    assert blas_threads() == before


def test_concurrent_blocks_restore_the_original_count() -> None:
    # (Whether a worker thread sees the limit is up to the BLAS build: OpenBLAS may keep
    # the count per calling thread. What must hold is that the limit is set once and
    # the original count comes back when the last block ends.)
    before = blas_threads()
    inside = threading.Barrier(4)
    seen: list[int] = []

    def work() -> None:
        with one_thread():
            inside.wait()  # all four hold the limit at once
            seen.append(_state["depth"])
            inside.wait()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [4, 4, 4, 4]
    assert _state == {"depth": 0, "limiter": None}
    assert blas_threads() == before


def test_the_per_pair_stages_run_with_one_thread() -> None:
    # the stages are wrapped (functools.wraps keeps the original underneath)
    assert hasattr(align, "__wrapped__")
    assert hasattr(same_story, "__wrapped__")


def test_builtin_lexicon_patterns_all_compile_though_loaded_lazily() -> None:
    # (here rather than in test_frame: the lazy compile is a start-up speed matter)
    from storydiff.frame.lexicon import Lexicon, load_lexicon

    entries = load_lexicon().entries
    eager = Lexicon(entries)  # compiles every entry: a bad built-in pattern raises
    lex = Lexicon(entries, lazy=True)  # as load_lexicon() builds the built-in set
    assert len(eager._patterns) > 500
    assert len(lex._patterns) < len(eager._patterns) / 2  # most wait for their literal
    text = "Kiev officials said the regime claimed victory."
    assert lex.match(text, "en") == eager.match(text, "en")
