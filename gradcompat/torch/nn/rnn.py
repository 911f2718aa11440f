"""``nn.RNN``, ``nn.LSTM``, ``nn.GRU`` and the cells ``nn.RNNCell``, ``nn.LSTMCell``, ``nn.GRUCell``.

torch's parameter names (``weight_ih_l0``, ``bias_hh_l1_reverse``, ``weight_hr_l0``), shapes,
registration order, ``_flat_weights``, ``all_weights``, repr, initialization
(U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) from the dialect's seeded stream), input forms
(batched, unbatched 2-D, ``batch_first``, ``PackedSequence``), output structures and errors.

A whole layer stack (every layer and direction, packing, unbatched inputs, initial states and
the inter-layer dropout masks) is ONE core op whose kernel runs ``gradcompat.layers.recurrent``:
one ``lax.scan`` per layer (its directions stepped together). Its gradient is JAX's vjp of the scans;
where a gradient may follow, the op runs ``rnn_kernel_saving``, which also returns the vjp's
residuals, so that the backward pass does not run the forward scans again (``core.residuals``).

Known differences: the dropout masks between layers come from gradcompat's stream, not torch's;
the grad_fn names of the outputs are a fixed choice (torch's depend on its CPU backend).
"""
from __future__ import annotations

import inspect
import math
import numbers
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from ...core import residuals
from ...layers import recurrent as R
from .. import dtypes
from ..tensor import Tensor, wrap
from . import init
from .layers import empty_parameter
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence, attach_source, pack_kernel, padded_source

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]

_KIND = {"RNN_TANH": "rnn", "RNN_RELU": "rnn", "LSTM": "lstm", "GRU": "gru"}
_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# ----- kernels -----------------------------------------------------------------------------------

def _weights(flat: list, n: int, has_bias: bool, has_proj: bool) -> list[R.Weights]:
    per = 2 + 2 * has_bias + has_proj
    out = []
    for k in range(n):
        w = flat[k * per:(k + 1) * per]
        out.append(R.Weights(w[0], w[1], w[2] if has_bias else None, w[3] if has_bias else None,
                             w[-1] if has_proj else None))
    return out


def _jit(fn):
    """One XLA program per shape and static attributes (a direct call would compile the scans
    anyway, and a second call would compile them again under the eager dispatcher's jit)."""
    static = [n for n, prm in inspect.signature(fn).parameters.items() if prm.kind is prm.KEYWORD_ONLY]
    return jax.jit(fn, static_argnames=static)


@_jit
def rnn_kernel(*args, mode: str, num_layers: int, num_directions: int, has_bias: bool, has_proj: bool,
               hidden_size: int, out_size: int, layout: str, unbatched: bool, has_hx: bool, permute: bool,
               n_masks: int):
    """The whole recurrent stack as one function of arrays.

    ``args``: input, [h0, [c0]], flat weights (torch's order), [gather, lengths, time_of, batch_of]
    for a packed input, [sorted_indices, unsorted_indices] to permute the states, dropout masks.
    ``layout``: "tbf" (time, batch, feature), "btf" (batch_first), "packed" (rows of a
    PackedSequence), or "source_tbf" / "source_btf": the padded tensor a PackedSequence's rows
    were gathered from, with [columns, lengths] of the sorted sequences in place of the packed
    index arrays; the output is then padded, time-major and sorted (the caller packs it).
    Returns (output, h_n) or, for an LSTM, (output, h_n, c_n).
    """
    args = list(args)
    lstm = mode == "LSTM"
    x = args.pop(0)
    h0 = c0 = None
    if has_hx:
        h0 = args.pop(0)
        if lstm:
            c0 = args.pop(0)
    n = num_layers * num_directions
    per = 2 + 2 * has_bias + has_proj
    weights = _weights(args[:n * per], n, has_bias, has_proj)
    args = args[n * per:]
    lengths = None
    if layout == "packed":
        gather, lengths, time_of, batch_of = args[:4]
        args = args[4:]
        xs = R.packed_to_padded(x, gather, lengths)
    elif layout in ("source_tbf", "source_btf"):  # the padded tensor a packed input was gathered from
        columns, lengths = args[:2]
        args = args[2:]
        xs = R.padded_select(x, columns, lengths, batch_first=layout == "source_btf")
    elif unbatched:
        xs = x[:, None]
    else:
        xs = jnp.swapaxes(x, 0, 1) if layout == "btf" else x
    sorted_idx = unsorted_idx = None
    if permute:
        sorted_idx, unsorted_idx = args[:2]
        args = args[2:]
    masks = args[:n_masks]
    batch = xs.shape[1]
    if has_hx:
        if unbatched:
            h0 = h0[:, None]
            c0 = c0[:, None] if lstm else None
        if permute:
            h0 = h0[:, sorted_idx]
            c0 = c0[:, sorted_idx] if lstm else None
    else:
        h0 = jnp.zeros((n, batch, out_size), x.dtype)
        c0 = jnp.zeros((n, batch, hidden_size), x.dtype) if lstm else None
    out, h_n, c_n = R.run_stack(_KIND[mode], xs, h0, c0, weights, num_layers=num_layers,
                                num_directions=num_directions, lengths=lengths, dropout_masks=masks,
                                nonlinearity="relu" if mode == "RNN_RELU" else "tanh")
    if layout == "packed":
        out = R.padded_to_packed(out, time_of, batch_of)
    elif layout.startswith("source"):
        pass  # padded, time-major, sorted: packed by the caller
    elif unbatched:
        out = out[:, 0]
        h_n = h_n[:, 0]
        c_n = c_n[:, 0] if lstm else None
    elif layout == "btf":
        out = jnp.swapaxes(out, 0, 1)
    if permute:
        h_n = h_n[:, unsorted_idx]
        c_n = c_n[:, unsorted_idx] if lstm else None
    return (out, h_n, c_n) if lstm else (out, h_n)


# the stack's outputs, then its vjp residuals: the backward pass does not run the scans again
rnn_kernel_saving = residuals.saving_residuals(rnn_kernel)


@_jit
def cell_kernel(x, *args, mode: str, has_bias: bool, has_hx: bool, unbatched: bool, hidden_size: int):
    """One step of a cell: args are [h, [c]], w_ih, w_hh, [b_ih, b_hh]. Returns h' or (h', c')."""
    args = list(args)
    lstm = mode == "LSTM"
    if unbatched:
        x = x[None]
    h = c = None
    if has_hx:
        h = args.pop(0)
        if lstm:
            c = args.pop(0)
        if unbatched:
            h = h[None]
            c = c[None] if lstm else None
    else:
        h = jnp.zeros((x.shape[0], hidden_size), x.dtype)
        c = h if lstm else None
    w = R.Weights(args[0], args[1], args[2] if has_bias else None, args[3] if has_bias else None)
    if lstm:
        h, c = R.lstm_cell(x, h, c, w)
        return (h[0], c[0]) if unbatched else (h, c)
    if mode == "GRU":
        h = R.gru_cell(x, h, w)
    else:
        h = R.rnn_cell(x, h, w, nonlinearity="relu" if mode == "RNN_RELU" else "tanh")
    return h[0] if unbatched else h


# ----- layers ------------------------------------------------------------------------------------

class RNNBase(Module):
    """Base of ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU``: parameters, checks, repr, and the forward
    pass as one op (see the module docstring)."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device=None, dtype=None) -> None:
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}", stacklevel=3)
        for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                  ("input_size", input_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f"{name} should be of type {kind.__name__}, got: {type(value).__name__}")
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        if not isinstance(hidden_size, int):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input = input_size if layer == 0 else real_hidden * num_directions
                shapes = [(gate_size, layer_input), (gate_size, real_hidden)]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    shapes += [(gate_size,), (gate_size,)]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    shapes.append((proj_size, hidden_size))
                    names.append("weight_hr_l{}{}")
                suffix = "_reverse" if direction == 1 else ""
                names = [n.format(layer, suffix) for n in names]
                for name, shape in zip(names, shapes):
                    setattr(self, name, empty_parameter(*shape, dtype=dtype))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self) -> list:
        """The weights in torch's flat order (always the currently registered parameters)."""
        return [getattr(self, n) if hasattr(self, n) else None for n in self._flat_weights_names]

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters grouped per layer and direction."""
        return [[getattr(self, n) for n in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """A no-op, as torch's on CPU: weights are never copied into one cuDNN buffer here."""

    def reset_parameters(self) -> None:
        """Every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as torch."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self) -> str:
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    # ----- checks, as torch's python layer and its C++ kernels ---------------------------------
    def check_input(self, input: Tensor, batch_sizes) -> None:
        weight = self._flat_weights[0]
        if input.dtype is not weight.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). "
                             f"Convert input: input.to({weight.dtype}), or convert model: model.to({input.dtype})")
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.shape[-1]:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.shape[-1]}")

    def get_expected_hidden_size(self, input: Tensor, batch_sizes) -> tuple[int, int, int]:
        if batch_sizes is not None:
            batch = int(batch_sizes[0])
        else:
            batch = input.shape[0] if self.batch_first else input.shape[1]
        directions = 2 if self.bidirectional else 1
        return (self.num_layers * directions, batch, self.proj_size if self.proj_size > 0 else self.hidden_size)

    def check_hidden_size(self, hx: Tensor, expected: tuple, msg: str = "Expected hidden size {}, got {}") -> None:
        if tuple(hx.shape) != tuple(expected):
            raise RuntimeError(msg.format(tuple(expected), list(hx.shape)))

    def check_forward_args(self, input: Tensor, hidden: Tensor, batch_sizes) -> None:
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def _check_hx_dtype(self, input: Tensor, states: tuple) -> None:
        for h in states:
            if h.dtype is not input.dtype:
                raise RuntimeError(f"Expected all hidden states to have the dtype of the input ({input.dtype}), "
                                   f"got {h.dtype}")

    # ----- the forward pass ------------------------------------------------------------------
    def _unpack_input(self, input, hx, name: str, tensor_word: str):
        """torch's argument handling before the kernel: (x, hx, the PackedSequence or None,
        unbatched). Raises torch's rank errors."""
        lstm = self.mode == "LSTM"
        if isinstance(input, PackedSequence):
            return input.data, hx, input, False
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}.forward() expects a Tensor or PackedSequence input, "
                            f"got {type(input).__name__}")
        if input.dim() not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D{tensor_word} instead")
        batched = input.dim() == 3
        if hx is not None:
            if lstm:
                dims = (hx[0].dim(), hx[1].dim())
                want = 3 if batched else 2
                if dims != (want, want):
                    kind = "batched 3-D" if batched else "unbatched 2-D"
                    raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                                       f"({dims[0]}-D, {dims[1]}-D) tensors")
            elif hx.dim() != (3 if batched else 2):
                kind, want = ("batched 3-D", 3) if batched else ("unbatched 2-D", 2)
                raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got {hx.dim()}-D tensor")
        return input, hx, None, not batched

    def _forward(self, input, hx, name: str, tensor_word: str = ""):
        lstm = self.mode == "LSTM"
        x, hx, packed, unbatched = self._unpack_input(input, hx, name, tensor_word)
        batch_sizes = packed.batch_sizes if packed is not None else None
        states = None if hx is None else (tuple(hx) if lstm else (hx,))
        # torch checks the (unsqueezed) batched shapes
        if unbatched:
            view = _Shape((x.shape[0], 1, x.shape[1]) if not self.batch_first else (1, x.shape[0], x.shape[1]),
                          x.dtype)
            checked_states = None if states is None else tuple(_Shape((s.shape[0], 1, s.shape[1]), s.dtype)
                                                               for s in states)
        else:
            view, checked_states = x, states
        self.check_input(view, batch_sizes)
        if checked_states is not None:
            expected = self.get_expected_hidden_size(view, batch_sizes)
            if lstm:
                self.check_hidden_size(checked_states[0], expected, "Expected hidden[0] size {}, got {}")
                cell = expected[:2] + (self.hidden_size,)
                self.check_hidden_size(checked_states[1], cell, "Expected hidden[1] size {}, got {}")
            else:
                self.check_hidden_size(checked_states[0], expected)
        if states is not None:
            self._check_hx_dtype(x, states)

        directions = 2 if self.bidirectional else 1
        out_size = self.proj_size if self.proj_size > 0 else self.hidden_size
        inputs = [x.node] + ([s.node for s in states] if states is not None else [])
        inputs += [w.node for w in self._flat_weights]
        permute = False
        source = None
        if packed is not None:
            layout = R.packed_layout(np.asarray(packed.batch_sizes._value))
            t_steps, batch = layout.gather.shape
            source = padded_source(packed)
            if source is not None:  # read the padded tensor: no shape depends on the packed row count
                inputs[0] = source.tensor.node
                inputs += [core.Constant(source.columns), core.Constant(source.lengths)]
                t_steps = source.tensor.shape[1 if source.batch_first else 0]
                mode_layout = "source_btf" if source.batch_first else "source_tbf"
            else:
                inputs += [core.Constant(a) for a in layout]
                mode_layout = "packed"
            permute = packed.sorted_indices is not None
            if permute:
                inputs += [packed.sorted_indices.node, packed.unsorted_indices.node]
        else:
            mode_layout = "btf" if self.batch_first else "tbf"
            t_steps = x.shape[0] if (unbatched or not self.batch_first) else x.shape[1]
            batch = 1 if unbatched else (x.shape[0] if self.batch_first else x.shape[1])
        n_masks = 0
        if self.training and self.dropout > 0 and self.num_layers > 1:
            n_masks = self.num_layers - 1
            inputs += [core.Constant(m) for m in _dropout_masks(n_masks, (t_steps, batch, directions * out_size),
                                                                self.dropout, x.dtype.np)]
        static = dict(mode=self.mode, num_layers=self.num_layers, num_directions=directions, has_bias=bool(self.bias),
                      has_proj=self.proj_size > 0, hidden_size=self.hidden_size, out_size=out_size,
                      layout=mode_layout, unbatched=unbatched, has_hx=states is not None, permute=permute,
                      n_masks=n_masks)
        node = core.apply(residuals.kernel_for(rnn_kernel_saving, inputs), inputs, static, name="RnnBackward0")
        out_name = ("SqueezeBackward1" if unbatched else "CatBackward0" if packed is not None or self.bidirectional
                    else "TransposeBackward1" if self.batch_first else "StackBackward0")
        state_name = "SqueezeBackward1" if unbatched else "StackBackward0"
        outputs = [wrap(core.select(node, 0, name=out_name))]
        outputs += [wrap(core.select(node, i, name=state_name)) for i in range(1, 3 if lstm else 2)]
        output = outputs[0]
        if source is not None:
            padded = output
            output = wrap(core.apply(pack_kernel, [padded.node, core.Constant(layout.time_of),
                                                   core.Constant(layout.batch_of)], {"batch_first": False},
                                     name=out_name))
            output = attach_source(PackedSequence(output, packed.batch_sizes, packed.sorted_indices,
                                                  packed.unsorted_indices),
                                   padded, False, np.arange(batch), source.lengths)
        elif packed is not None:
            output = PackedSequence(output, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
        return output, (tuple(outputs[1:]) if lstm else outputs[1])


class _Shape:
    """A shape-and-dtype stand-in for a tensor in torch's checks of unsqueezed inputs."""

    def __init__(self, shape: tuple, dtype):
        self.shape = tuple(shape)
        self.dtype = dtype

    def dim(self) -> int:
        return len(self.shape)


def _dropout_masks(n: int, shape: tuple, p: float, dtype) -> list[np.ndarray]:
    """Inverted-dropout masks (0 or 1/(1-p)) between layers, from the dialect's stream."""
    scale = 0.0 if p == 1 else init.keep_scale(p, dtype)
    return [(init.keep_mask(shape, p) * np.asarray(scale, dtype)).astype(dtype) for _ in range(n)]


class RNN(RNNBase):
    """``nn.RNN``: an Elman network with tanh or relu, ``(output, h_n)``."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        nonlinearity = self.nonlinearity
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._forward(input, hx, "RNN", " tensor")


class LSTM(RNNBase):
    """``nn.LSTM`` (with ``proj_size``): ``(output, (h_n, c_n))``."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def get_expected_cell_size(self, input: Tensor, batch_sizes) -> tuple[int, int, int]:
        expected = self.get_expected_hidden_size(input, batch_sizes)
        return expected[:2] + (self.hidden_size,)

    def forward(self, input, hx=None):
        return self._forward(input, hx, "LSTM")


class GRU(RNNBase):
    """``nn.GRU``: ``(output, h_n)``."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward(input, hx, "GRU")


# ----- cells -------------------------------------------------------------------------------------

class RNNCellBase(Module):
    """Base of the cells: ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` as torch."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = empty_parameter(num_chunks * hidden_size, input_size, dtype=dtype)
        self.weight_hh = empty_parameter(num_chunks * hidden_size, hidden_size, dtype=dtype)
        if bias:
            self.bias_ih = empty_parameter(num_chunks * hidden_size, dtype=dtype)
            self.bias_hh = empty_parameter(num_chunks * hidden_size, dtype=dtype)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self) -> str:
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _step(self, mode: str, input: Tensor, states: tuple | None, names: tuple):
        """Checks as torch's cell kernels, then one op."""
        batched = input.dim() == 2
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[-1]} expected "
                               f"{self.input_size}")
        if states is not None:
            batch = input.shape[0] if batched else 1
            for k, s in enumerate(states):
                s_batch = s.shape[0] if s.dim() == 2 else 1
                if s_batch != batch:
                    raise RuntimeError(f"Input batch size {batch} doesn't match hidden{k} batch size {s_batch}")
                if s.shape[-1] != self.hidden_size:
                    raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got {s.shape[-1]}, expected "
                                       f"{self.hidden_size}")
        if input.dtype is not self.weight_ih.dtype:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{dtypes.C_TYPE_NAMES[input.dtype.name]} != "
                               f"{dtypes.C_TYPE_NAMES[self.weight_ih.dtype.name]}")
        weights = [self.weight_ih, self.weight_hh] + ([self.bias_ih, self.bias_hh] if self.bias else [])
        inputs = [input.node] + ([s.node for s in states] if states is not None else []) + [w.node for w in weights]
        static = dict(mode=mode, has_bias=bool(self.bias), has_hx=states is not None, unbatched=not batched,
                      hidden_size=self.hidden_size)
        node = core.apply(cell_kernel, inputs, static, name=names[0])
        if mode != "LSTM":
            return wrap(node)
        if not batched:
            names = ("SqueezeBackward1", "SqueezeBackward1")
        return tuple(wrap(core.select(node, i, name=names[i])) for i in range(2))


class RNNCell(RNNCellBase):
    """``nn.RNNCell``: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 device=None, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        if input.dim() not in (1, 2):
            raise ValueError(f"RNNCell: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None and hx.dim() not in (1, 2):
            raise ValueError(f"RNNCell: Expected hidden to be 1D or 2D, got {hx.dim()}D instead")
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        mode = "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"
        name = "SqueezeBackward1" if input.dim() == 1 else ("TanhBackward0" if mode == "RNN_TANH"
                                                             else "ReluBackward0")
        return self._step(mode, input, None if hx is None else (hx,), (name,))


class LSTMCell(RNNCellBase):
    """``nn.LSTMCell``: ``(h', c')``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input: Tensor, hx=None):
        if input.dim() not in (1, 2):
            raise ValueError(f"LSTMCell: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None:
            for idx, value in enumerate(hx):
                if value.dim() not in (1, 2):
                    raise ValueError(f"LSTMCell: Expected hx[{idx}] to be 1D or 2D, got {value.dim()}D instead")
        return self._step("LSTM", input, None if hx is None else tuple(hx),
                          ("MulBackward0", "AddBackward0"))


class GRUCell(RNNCellBase):
    """``nn.GRUCell``: ``h' = (1 - z) * n + z * h``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        if input.dim() not in (1, 2):
            raise ValueError(f"GRUCell: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None and hx.dim() not in (1, 2):
            raise ValueError(f"GRUCell: Expected hidden to be 1D or 2D, got {hx.dim()}D instead")
        name = "SqueezeBackward1" if input.dim() == 1 else "AddBackward0"
        return self._step("GRU", input, None if hx is None else (hx,), (name,))
