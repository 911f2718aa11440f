"""Keras 3's ``MultiHeadAttention`` on ``gradcompat.layers.attention``'s kernel.

Weights are Keras's ``EinsumDense`` sublayers ``query``, ``key``, ``value`` (kernel
(dim, num_heads, key_dim), bias (num_heads, key_dim)) and ``attention_output`` (kernel
(num_heads, value_dim, output_dim), bias (output_dim,)), in that order. The query is scaled by
``1 / sqrt(key_dim)`` before the product; where a boolean ``attention_mask`` (True attends) is
False the weights are 0 (a fully masked row is all zeros, as Keras 3.15's masked softmax gives).

Known differences: only (batch, time, dim) inputs (no ``attention_axes``); Keras masks carried by
tensors (``query_mask`` / ``value_mask`` from an ``Embedding(mask_zero=True)``) are not applied.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from ....layers import attention as A
from ...tensor import convert_to_tensor
from .. import initializers, naming
from .base import Layer, multi_op, serialize_initializer
from .core import Dropout, Softmax

def _clone(initializer):
    """``cls.from_config(init.get_config())``, as Keras clones a sublayer's initializer."""
    config = getattr(initializer, "get_config", None)
    return type(initializer)(**config()) if config is not None else initializer


class _Projection(Layer):
    """The weights of one of Keras's ``EinsumDense`` projections (computed by the fused kernel)."""

    def __init__(self, kernel_shape: tuple, bias_shape: tuple | None, kernel_initializer, bias_initializer,
                 name: str):
        super().__init__(name=name)
        self.kernel_shape, self.bias_shape = kernel_shape, bias_shape
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel = self.bias = None

    def build(self, input_shape=None) -> None:
        init = self.kernel_initializer
        if isinstance(init, initializers.VarianceScaling) and (init.input_axes is None or init.output_axes is None):
            # EinsumDense's fans: the input axes are the contracted ones (the seed is kept)
            contracted = 1 if self.name != "attention_output" else 2
            config = {**init.get_config(), "seed": init.seed, "input_axes": list(range(contracted)),
                      "output_axes": list(range(contracted, len(self.kernel_shape)))}
            if type(init) is not initializers.VarianceScaling:
                config = {k: config[k] for k in ("seed", "input_axes", "output_axes")}
            init = type(init)(**config)
        self.kernel = self.add_weight(self.kernel_shape, init, name="kernel")
        if self.bias_shape is not None:
            self.bias = self.add_weight(self.bias_shape, self.bias_initializer, name="bias")
        self.built = True


def mha_kernel(query, value, key, *args, num_heads: int, has_bias: bool, has_mask: bool, causal: bool,
               has_keep: bool, keep_scale: float, return_scores: bool):
    """Keras's multi-head attention: ``args`` = the four kernels [and biases] in query, key,
    value, output order, then the boolean mask and the dropout keep mask if flagged."""
    args = list(args)
    per = 2 if has_bias else 1
    (qk, *qb), (kk, *kb), (vk, *vb), (ok, *ob) = (args[i * per:(i + 1) * per] for i in range(4))
    rest = args[4 * per:]
    mask = rest.pop(0) if has_mask else None
    keep = rest.pop(0) if has_keep else None

    def w(kernel):  # (dim, H, D) -> (H * D, dim): the kernel's (out, in) layout
        return kernel.reshape(kernel.shape[0], -1).T

    def b(bias):
        return bias[0].reshape(-1) if bias else None

    t, s = query.shape[-2], value.shape[-2]
    allowed = None
    if mask is not None:
        allowed = mask.astype(bool)
        allowed = allowed[:, None] if allowed.ndim == 3 else allowed  # over the heads
    if causal:
        tri = jnp.asarray(A.causal_mask(t, s))
        allowed = tri if allowed is None else jnp.logical_and(allowed, tri)
    out, scores = A.multi_head_attention(
        query, key, value, num_heads=num_heads, q_weight=w(qk), k_weight=w(kk), v_weight=w(vk),
        q_bias=b(qb), k_bias=b(kb), v_bias=b(vb), out_weight=ok.reshape(-1, ok.shape[-1]).T, out_bias=b(ob),
        mask=allowed, keep=keep, keep_scale=keep_scale, need_weights=True, average_weights=False, safe=True,
        scale_query=True)
    return (out, scores) if return_scores else (out,)


class MultiHeadAttention(Layer):
    """``keras.layers.MultiHeadAttention(num_heads, key_dim, value_dim=None, dropout=0.0,
    use_bias=True, output_shape=None)``; ``call(query, value, key=None, attention_mask=None,
    return_attention_scores=False, training=None, use_causal_mask=False)``."""

    def __init__(self, num_heads: int, key_dim: int, value_dim: int | None = None, dropout: float = 0.0,
                 use_bias: bool = True, output_shape=None, attention_axes=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 seed=None, use_gate: bool = False, sliding_window=None, **kwargs):
        super().__init__(**kwargs)
        if use_gate or sliding_window is not None:
            raise NotImplementedError("gradcompat's MultiHeadAttention has no use_gate / sliding_window yet")
        if attention_axes is not None:
            raise NotImplementedError("gradcompat's MultiHeadAttention supports attention_axes=None only")
        self.num_heads, self.key_dim = int(num_heads), int(key_dim)
        self.value_dim = int(value_dim) if value_dim is not None else self.key_dim
        self.dropout, self.use_bias, self.seed = float(dropout), use_bias, seed
        self._output_shape = output_shape
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        shapes = [_shape(a) for a in args[:3]]
        value_shape = shapes[1] if len(shapes) > 1 else _shape(kwargs.get("value"))
        key = shapes[2] if len(shapes) > 2 else (_shape(kwargs["key"]) if kwargs.get("key") is not None else None)
        self.build(shapes[0], value_shape, key)

    def build(self, query_shape, value_shape, key_shape=None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        out_dim = self._output_shape if self._output_shape is not None else query_shape[-1]
        out_dim = out_dim[-1] if isinstance(out_dim, (list, tuple)) else int(out_dim)
        h, k, v = self.num_heads, self.key_dim, self.value_dim
        bias = self.use_bias
        with naming.scope(self.name):
            # attribute names as Keras's (its weight files store the sublayers under them)
            for attr, name, kernel_shape, bias_shape in [
                    ("query_dense", "query", (query_shape[-1], h, k), (h, k)),
                    ("key_dense", "key", (key_shape[-1], h, k), (h, k)),
                    ("value_dense", "value", (value_shape[-1], h, v), (h, v)),
                    ("output_dense", "attention_output", (h, v, out_dim), (out_dim,))]:
                if attr == "output_dense":  # Keras builds the attention (its Dropout's seed) before the output
                    self._softmax = Softmax(axis=-1)  # weightless: there for Keras's layout and names
                    self._dropout_layer = Dropout(rate=self.dropout, seed=self.seed)
                # a fresh clone of each initializer per projection, as Keras (an unseeded clone
                # takes its own default seed, so the four kernels differ)
                layer = _Projection(kernel_shape, bias_shape if bias else None, _clone(self.kernel_initializer),
                                    _clone(self.bias_initializer), name)
                layer.build()
                setattr(self, attr, layer)
        self._out_dim = out_dim
        self.built = True

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None) -> tuple:
        out_dim = self._output_shape if self._output_shape is not None else query_shape[-1]
        out_dim = out_dim[-1] if isinstance(out_dim, (list, tuple)) else out_dim
        return (*tuple(query_shape)[:-1], out_dim)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores: bool = False, training=None, use_causal_mask: bool = False):
        query, value = convert_to_tensor(query), convert_to_tensor(value)
        key = value if key is None else convert_to_tensor(key)
        tensors = [query, value, key]
        for layer in (self.query_dense, self.key_dense, self.value_dense, self.output_dense):
            tensors.append(convert_to_tensor(layer.kernel))
            if self.use_bias:
                tensors.append(convert_to_tensor(layer.bias))
        if attention_mask is not None:
            tensors.append(convert_to_tensor(attention_mask))
        has_keep = bool(training) and self.dropout > 0
        if has_keep:
            b, t, s = query.shape.dims[0], query.shape.dims[1], key.shape.dims[1]
            from ..random import dropout_mask  # Keras's mask: the dropout layer's SeedGenerator
            tensors.append(dropout_mask([b, self.num_heads, t, s], self.dropout, query.dtype,
                                        self._dropout_layer.seed_generator))
        static = {"num_heads": self.num_heads, "has_bias": bool(self.use_bias),
                  "has_mask": attention_mask is not None, "causal": bool(use_causal_mask), "has_keep": has_keep,
                  "keep_scale": 1.0 / (1.0 - self.dropout) if has_keep else 1.0,
                  "return_scores": bool(return_attention_scores)}
        outs = multi_op(mha_kernel, tensors, static, op_type="MultiHeadAttention")
        return tuple(outs) if return_attention_scores else outs[0]

    def get_config(self) -> dict:
        return {**super().get_config(), "num_heads": self.num_heads, "key_dim": self.key_dim,
                "value_dim": self.value_dim, "dropout": self.dropout, "use_bias": self.use_bias,
                "output_shape": self._output_shape, "attention_axes": None,
                "kernel_initializer": serialize_initializer(self.kernel_initializer),
                "bias_initializer": serialize_initializer(self.bias_initializer), "kernel_regularizer": None,
                "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                "bias_constraint": None, "seed": self.seed, "use_gate": False, "sliding_window": None}


def _shape(x: Any):
    if x is None:
        return None
    dims = x.shape.dims if hasattr(x.shape, "dims") else x.shape
    return tuple(dims)

