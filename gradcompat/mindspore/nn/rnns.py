"""``nn.LSTM``, ``nn.GRU``, ``nn.RNN`` and ``nn.LSTMCell``, ``nn.GRUCell``, ``nn.RNNCell`` with
MindSpore 2.x's arguments, parameter names, shapes and layout, on the dialect-free kernels of
``gradcompat.layers.recurrent`` (one ``lax.scan`` per layer, both directions stepped together).

Layout as MindSpore's: ``weight_ih_l{k}[_reverse]`` (G*H, I), ``weight_hh_l{k}[_reverse]``
(G*H, H), ``bias_ih_l{k}`` / ``bias_hh_l{k}`` (G*H,), registered all ``weight_ih`` first, then
``weight_hh``, ``bias_ih``, ``bias_hh``; gates stacked ``i, f, g, o`` (LSTM) and ``r, z, n``
(GRU, reset applied after the recurrent matmul), initialized uniform in
``[-1/sqrt(hidden_size), 1/sqrt(hidden_size)]``. ``construct(x, hx=None, seq_length=None)``
returns ``(output, h_n)`` (LSTM: ``(output, (h_n, c_n))``); ``seq_length`` (batch,) stops
each sequence early: its outputs past its length are zeros and ``h_n`` is its state at its
last step. In training, the outputs of every layer but the last pass through the layer's
``nn.Dropout`` (``dropout_op``), drawing its masks from MindSpore's stream in MindSpore's order.
"""
from __future__ import annotations

import math
from typing import Any

import jax.numpy as jnp
import numpy as np

from ...core import apply, residuals, select
from ...layers import recurrent as R
from .. import dtype as mstype
from .. import ops
from ..common.initializer import Uniform, initializer
from ..parameter import Parameter
from ..tensor import Tensor
from .cell import Cell
from .layers import Dropout

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _uniform(shape: tuple, bound: float, dtype: mstype.Type) -> Tensor:
    """MindSpore's RNN layer init: numpy's global ``uniform`` (seeded by ``set_seed``) in float32."""
    return Tensor(np.random.uniform(-bound, bound, shape).astype(np.float32).astype(mstype.to_numpy(dtype)))


def _cell_init(shapes: list, bound: float, dtype: mstype.Type) -> list:
    """MindSpore's RNN cell init: a ``randn`` placeholder per parameter (from numpy's global
    stream), then ``initializer(Uniform(1/sqrt(hidden)))`` for each, in order."""
    for shape in shapes:
        np.random.randn(*shape)
    return [initializer(Uniform(bound), shape, dtype) for shape in shapes]


def _weights(values, *, n: int, has_bias: bool) -> list:
    """``R.Weights`` per layer-direction from the flat parameter values (MindSpore's order:
    every weight_ih, then every weight_hh, bias_ih, bias_hh)."""
    groups = [values[k * n:(k + 1) * n] for k in range(4 if has_bias else 2)]
    if not has_bias:
        groups += [[None] * n, [None] * n]
    return [R.Weights(groups[0][i], groups[1][i], groups[2][i], groups[3][i]) for i in range(n)]


def _kind(mode: str) -> tuple[str, str]:
    return ("lstm", "tanh") if mode == "LSTM" else ("gru", "tanh") if mode == "GRU" else (
        "rnn", "relu" if mode == "RNN_RELU" else "tanh")


def rnn_kernel(x, h0, c0, lengths, keep, *values, mode: str, num_layers: int, num_directions: int,
               has_bias: bool, batch_first: bool, keep_prob: float):
    """The stacked network of ``_RNNBase``: ``x`` (T, B, I) or batch first; returns
    ``(output, h_n, c_n)`` (``c_n`` is ``h_n`` for non-LSTM modes). With ``keep_prob < 1``,
    ``keep`` holds the 0/1 dropout masks of layers 0 .. num_layers - 2, (T, B, D*H) each."""
    kind, nonlinearity = _kind(mode)
    xs = jnp.swapaxes(x, 0, 1) if batch_first else x
    masks = ()
    if keep_prob < 1.0 and num_layers > 1:
        # as ops.Dropout's x * mask * scale: a 0/1 mask times the scale is the same product
        masks = tuple(keep[i].astype(xs.dtype) * jnp.asarray(1.0 / keep_prob, xs.dtype) for i in range(num_layers - 1))
    out, h_n, c_n = R.run_stack(kind, xs, h0, c0, _weights(values, n=num_layers * num_directions, has_bias=has_bias),
                                num_layers=num_layers, num_directions=num_directions, lengths=lengths,
                                dropout_masks=masks, nonlinearity=nonlinearity)
    out = jnp.swapaxes(out, 0, 1) if batch_first else out
    return out, h_n, (c_n if c_n is not None else h_n)


class _RNNBase(Cell):
    """MindSpore's ``_RNNBase(mode, input_size, hidden_size, num_layers=1, has_bias=True,
    batch_first=False, dropout=0.0, bidirectional=False, dtype=mstype.float32)``."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, has_bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"For '{owner}', the type of '{name}' should be 'int', but got "
                                f"'{type(value).__name__}'.")
            if value <= 0:
                raise ValueError(f"For '{owner}', the '{name}' must be int and must > 0, but got '{value}' with "
                                 "type 'int'.")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
            raise TypeError(f"For '{owner}', the 'dropout' must be float, but got '{type(dropout).__name__}'")
        if not 0 <= dropout < 1:
            raise ValueError(f"For '{owner}', the 'dropout' must be a number in range [0, 1) representing the probability "
                             f"of an element being zeroed, but got {dropout}.")
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.has_bias, self.batch_first = num_layers, bool(has_bias), bool(batch_first)
        self.dropout, self.bidirectional = float(dropout), bool(bidirectional)
        self.num_directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        bound = 1 / math.sqrt(hidden_size)
        suffixes = [f"_l{k}{'_reverse' if d else ''}" for k in range(num_layers) for d in range(self.num_directions)]
        shapes = {"weight_ih": lambda k: (gate_size, input_size if k == 0 else hidden_size * self.num_directions),
                  "weight_hh": lambda k: (gate_size, hidden_size), "bias_ih": lambda k: (gate_size,),
                  "bias_hh": lambda k: (gate_size,)}
        self._param_names = []
        kinds = ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if self.has_bias else ())
        # drawn in MindSpore's order (per layer and direction: w_ih, w_hh, b_ih, b_hh)
        values = {kind + suffix: _uniform(shapes[kind](i // self.num_directions), bound, dtype)
                  for i, suffix in enumerate(suffixes) for kind in kinds}
        for kind in kinds:
            for suffix in suffixes:
                name = kind + suffix
                setattr(self, name, Parameter(values[name], name=name))
                self._param_names.append(name)
        self.dropout_op = Dropout(p=float(dropout))

    def construct(self, x: Tensor, hx: Any = None, seq_length: Tensor | None = None) -> tuple:
        batch = x.shape[0] if self.batch_first else x.shape[1]
        state_shape = (self.num_layers * self.num_directions, batch, self.hidden_size)
        zeros = Tensor(np.zeros(state_shape, mstype.to_numpy(x.dtype)))
        if self.mode == "LSTM":
            h0, c0 = hx if hx is not None else (zeros, zeros)
        else:
            h0, c0 = (hx if hx is not None else zeros), zeros
        lengths = seq_length.node if seq_length is not None else None
        keep_prob = 1.0 - self.dropout if self.training else 1.0
        keep = Tensor(0).node
        if keep_prob < 1.0 and self.num_layers > 1:
            steps = x.shape[1] if self.batch_first else x.shape[0]
            ones = Tensor(np.ones((steps, batch, self.num_directions * self.hidden_size), mstype.to_numpy(x.dtype)))
            # MindSpore calls dropout_op on each layer's (T, B, D*H) output in turn: its kernel's next masks
            keep = ops.stack([self.dropout_op._kernel(ones)[1] for _ in range(self.num_layers - 1)]).node
        inputs = [x.node, h0.node, c0.node, lengths if lengths is not None else Tensor(0).node, keep]
        inputs += [getattr(self, name).node for name in self._param_names]
        node = apply(residuals.kernel_for(_SAVING[lengths is not None], inputs), inputs,
                     {"mode": self.mode, "num_layers": self.num_layers, "num_directions": self.num_directions,
                      "has_bias": self.has_bias, "batch_first": self.batch_first, "keep_prob": keep_prob},
                     name=self.mode)
        out, h_n, c_n = (Tensor._from_node(select(node, i)) for i in range(3))
        return (out, (h_n, c_n)) if self.mode == "LSTM" else (out, h_n)


def _kernel_with_lengths(x, h0, c0, lengths, keep, *values, mode: str, num_layers: int, num_directions: int,
                         has_bias: bool, batch_first: bool, keep_prob: float):
    return rnn_kernel(x, h0, c0, lengths, keep, *values, mode=mode, num_layers=num_layers,
                      num_directions=num_directions, has_bias=has_bias, batch_first=batch_first, keep_prob=keep_prob)


def _kernel_without_lengths(x, h0, c0, lengths, keep, *values, mode: str, num_layers: int, num_directions: int,
                            has_bias: bool, batch_first: bool, keep_prob: float):
    return rnn_kernel(x, h0, c0, None, keep, *values, mode=mode, num_layers=num_layers,
                      num_directions=num_directions, has_bias=has_bias, batch_first=batch_first, keep_prob=keep_prob)


# the stack's outputs, then its vjp residuals: the backward pass does not run the scans again
_SAVING = {False: residuals.saving_residuals(_kernel_without_lengths),
           True: residuals.saving_residuals(_kernel_with_lengths)}


class LSTM(_RNNBase):
    """``nn.LSTM(input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False,
    dropout=0.0, bidirectional=False, dtype=mstype.float32)``; ``construct(x, hx=None,
    seq_length=None)`` -> ``(output, (h_n, c_n))``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)


class GRU(_RNNBase):
    """``nn.GRU(...)`` (arguments as ``nn.LSTM``) -> ``(output, h_n)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("GRU", *args, **kwargs)


class RNN(_RNNBase):
    """``nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', has_bias=True,
    batch_first=False, dropout=0.0, bidirectional=False, dtype=mstype.float32)`` -> ``(output, h_n)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:  # nonlinearity is the fourth positional argument
            args = list(args)
            nonlinearity = args.pop(3)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNN', the 'nonlinearity' must be in ['tanh', 'relu'], but got {nonlinearity}.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)
        self.nonlinearity = nonlinearity


# ----- single-step cells -----------------------------------------------------------------------

def _lstm_cell(x, h, c, w_ih, w_hh, b_ih, b_hh):
    return R.lstm_cell(x, h, c, R.Weights(w_ih, w_hh, b_ih, b_hh))


def _gru_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    return R.gru_cell(x, h, R.Weights(w_ih, w_hh, b_ih, b_hh))


def _rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh, *, nonlinearity: str):
    return R.rnn_cell(x, h, R.Weights(w_ih, w_hh, b_ih, b_hh), nonlinearity=nonlinearity)


class _RNNCellBase(Cell):
    """``weight_ih`` (G*H, I), ``weight_hh`` (G*H, H), ``bias_ih``, ``bias_hh`` (G*H,)."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, has_bias: bool = True,
                 dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"For '{owner}', the '{name}' must be int and must > 0, but got '{value}' with "
                                 f"type '{type(value).__name__}'.")
        self.input_size, self.hidden_size, self.has_bias = input_size, hidden_size, bool(has_bias)
        bound, g = 1 / math.sqrt(hidden_size), self.gates * hidden_size
        shapes = [(g, input_size), (g, hidden_size)] + ([(g,), (g,)] if self.has_bias else [])
        values = _cell_init(shapes, bound, dtype)
        self.weight_ih = Parameter(values[0], name="weight_ih")
        self.weight_hh = Parameter(values[1], name="weight_hh")
        if self.has_bias:
            self.bias_ih = Parameter(values[2], name="bias_ih")
            self.bias_hh = Parameter(values[3], name="bias_hh")
        else:
            self.bias_ih = self.bias_hh = None

    def _weight_nodes(self, dtype) -> list:
        zeros = Tensor(np.zeros((self.gates * self.hidden_size,), mstype.to_numpy(dtype)))
        biases = (self.bias_ih, self.bias_hh) if self.has_bias else (zeros, zeros)
        return [self.weight_ih.node, self.weight_hh.node, biases[0].node, biases[1].node]

    def _state(self, x: Tensor, hx: Any) -> Tensor:
        if hx is None:
            return Tensor(np.zeros((x.shape[0], self.hidden_size), mstype.to_numpy(x.dtype)))
        return hx


class LSTMCell(_RNNCellBase):
    """``nn.LSTMCell(input_size, hidden_size, has_bias=True, dtype=mstype.float32)``;
    ``construct(x, hx)`` with ``hx = (h, c)`` -> ``(h', c')``."""

    gates = 4

    def construct(self, x: Tensor, hx: Any) -> tuple:
        h, c = hx
        node = apply(_lstm_cell, [x.node, h.node, c.node] + self._weight_nodes(x.dtype), name="LSTMCell")
        return Tensor._from_node(select(node, 0)), Tensor._from_node(select(node, 1))


class GRUCell(_RNNCellBase):
    """``nn.GRUCell(input_size, hidden_size, has_bias=True, dtype=mstype.float32)``;
    ``construct(x, hx)`` -> ``h'``."""

    gates = 3

    def construct(self, x: Tensor, hx: Tensor) -> Tensor:
        return Tensor._from_node(apply(_gru_cell, [x.node, self._state(x, hx).node] + self._weight_nodes(x.dtype),
                                       name="GRUCell"))


class RNNCell(_RNNCellBase):
    """``nn.RNNCell(input_size, hidden_size, has_bias=True, nonlinearity='tanh',
    dtype=mstype.float32)``; ``construct(x, hx)`` -> ``h'``."""

    def __init__(self, input_size: int, hidden_size: int, has_bias: bool = True, nonlinearity: str = "tanh",
                 dtype: mstype.Type = mstype.float32) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNNCell', the 'nonlinearity' must be in ['tanh', 'relu'], but got "
                             f"{nonlinearity}.")
        super().__init__(input_size, hidden_size, has_bias, dtype)
        self.nonlinearity = nonlinearity

    def construct(self, x: Tensor, hx: Tensor) -> Tensor:
        return Tensor._from_node(apply(_rnn_cell, [x.node, self._state(x, hx).node] + self._weight_nodes(x.dtype),
                                       {"nonlinearity": self.nonlinearity}, name="RNNCell"))


__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell"]
