"""Keras 3's recurrent layers: ``SimpleRNNCell`` / ``LSTMCell`` / ``GRUCell``, ``RNN(cell)``,
``SimpleRNN``, ``LSTM``, ``GRU`` and ``Bidirectional``.

Weights are Keras's: ``kernel`` (input_dim, G * units), ``recurrent_kernel`` (units, G * units)
and ``bias``, with the gates stacked as Keras stacks them (LSTM ``i, f, c, o``; GRU ``z, r, h``,
whose bias is (2, 3 * units) with ``reset_after=True``, the default). The compute is
``gradcompat.layers.recurrent``'s steps run by one ``lax.scan`` over time (the kernels are passed
transposed: those steps take (out, in) weights). ``go_backwards`` returns the outputs in the
reversed order, as Keras does. A user-written cell in ``RNN`` is stepped by a Python loop.

A mask (``mask=`` or the one an ``Embedding(mask_zero=True)`` puts on its output) keeps the
states, and so the outputs, of masked steps as they were, as Keras does.

``stateful=True`` carries the final states to the next call in non-trainable ``rnn_state``
variables (``reset_states()`` zeros them); a ``return_sequences`` layer passes its mask on.

Dropout masks come from the cell's ``SeedGenerator`` in Keras's order (``DropoutRNNCell``): each
layer call draws the input masks, then the recurrent masks (training or not), so seeded runs
match Keras bit for bit. ``recurrent_dropout`` (training only) multiplies the previous output by
one mask per gate, fixed over the sequence, before each gate's recurrent matmul, and input
``dropout`` then also has one mask per gate, as Keras's ``implementation=1`` cells; without
``recurrent_dropout`` one input mask serves all gates.

Known differences: ``unroll`` is not supported; a cell called on its own
(``LSTMCell(...)(x, states)``) applies no recurrent dropout and draws its input mask per call
from TF's global stream (Keras caches one until the RNN layer resets it).
"""
from __future__ import annotations

import copy
from typing import Any

import jax.numpy as jnp
import numpy as np

from ....core import residuals
from ....layers import recurrent as R
from ...array_ops import concat, reverse, stack
from ...nest import flatten
from ...tensor import Tensor, convert_to_tensor, make_op
from ... import nn_ops
from .. import activations, initializers, naming
from ..variables import Variable
from .base import (InputSpec, Layer, deserialize_initializer, multi_op, serialize_activation,
                   serialize_initializer)

_GATES = {"lstm": ("ifco", 4), "gru": ("zrh", 3), "rnn": ("", 1)}


from ..initializers import Orthogonal  # noqa: E402  (Keras's draw; re-exported for the configs below)


def _initializer(value):
    if isinstance(value, str) and value.lower() == "orthogonal":
        return Orthogonal()
    return initializers.get(value)


def _activation_name(fn) -> str:
    name = serialize_activation(fn)
    if name not in R.ACTIVATIONS or name == "hard_sigmoid":
        raise NotImplementedError(f"gradcompat's Keras recurrent layers support the activations tanh, relu, "
                                  f"sigmoid and linear; got {name}")
    return name


# ---------------------------------------------------------------------------- kernels

def _weights(kind: str, kernel, rkernel, bias, reset_after: bool) -> R.Weights:
    b_ih = b_hh = None
    if bias is not None:
        if kind == "gru" and reset_after:
            b_ih, b_hh = bias[0], bias[1]
        else:
            b_ih = bias
    return R.Weights(kernel.T, rkernel.T, b_ih, b_hh)


def _step(kind: str, w: R.Weights, options: dict):
    if kind == "lstm":
        def step(g, state):
            return R.lstm_step(g, state[0], state[1], w, **options)
    elif kind == "gru":
        def step(g, state):
            return (R.gru_step(g, state[0], w, **options),)
    else:
        def step(g, state):
            return (R.rnn_step(g, state[0], w, nonlinearity=options["activation"]),)
    return step


def _options(kind: str, activation: str, recurrent_activation: str, reset_after: bool) -> dict:
    if kind == "rnn":
        return {"activation": activation}
    options = {"gate_order": _GATES[kind][0], "activation": activation, "recurrent_activation": recurrent_activation}
    if kind == "gru":
        options["reset_after"] = reset_after
    return options


def _masked(step):
    """A step whose input projection carries the time step's mask as its last column: where the
    mask is False the states (and so the output) stay as they were, as Keras's masking does."""
    def masked_step(g, state):
        keep = g[..., -1:] > 0.5
        new = step(g[..., :-1], state)
        return tuple(jnp.where(keep, n, o) for n, o in zip(new, state))
    return masked_step


def _dropout_step(kind: str, w: R.Weights, rkernel, masks, options: dict):
    """A step with Keras's recurrent dropout (its ``implementation=1`` cells): the previous output
    is multiplied by one fixed mask per gate, ``masks`` (G, B, H), before each gate's recurrent
    matmul; the state itself (GRU's blend, LSTM's carry) is not masked."""
    gates, units = masks.shape[0], masks.shape[-1]
    blocks = rkernel.reshape(units, gates, units)
    act = R.ACTIVATIONS[options["activation"]]

    def projected(h, only=None):
        hm = h[None] * masks if only is None else h * masks[only]
        if only is not None:
            return jnp.matmul(hm, blocks[:, only], precision=R._HIGHEST)
        return jnp.einsum("gbh,hgu->bgu", hm, blocks, precision=R._HIGHEST).reshape(h.shape[0], gates * units)

    if kind == "rnn":
        def step(g, state):
            return (act(g + projected(state[0])),)
    elif kind == "lstm":
        ract = R.ACTIVATIONS[options["recurrent_activation"]]

        def step(g, state):
            i, f, c, o = jnp.split(g + projected(state[0]), 4, axis=-1)
            c_new = ract(f) * state[1] + ract(i) * act(c)
            return ract(o) * act(c_new), c_new
    else:
        ract = R.ACTIVATIONS[options["recurrent_activation"]]
        reset_after = options["reset_after"]

        def step(g, state):
            h = state[0]
            x_z, x_r, x_h = jnp.split(g, 3, axis=-1)
            rec = projected(h)
            if w.b_hh is not None:
                rec = rec + w.b_hh
            r_z, r_r, r_h = jnp.split(rec, 3, axis=-1)
            z, r = ract(x_z + r_z), ract(x_r + r_r)
            hh = act(x_h + r * r_h) if reset_after else act(x_h + projected(r * h, 2))
            return (z * h + (1 - z) * hh,)
    return step


def rnn_sequence(x, *args, kind: str, n_states: int, has_bias: bool, activation: str, recurrent_activation: str,
                 reset_after: bool, go_backwards: bool, return_sequences: bool, has_mask: bool = False,
                 has_recurrent_dropout: bool = False, has_input_dropout: bool = False):
    """A Keras recurrent layer over (B, T, I): ``args`` = initial states, kernel, recurrent kernel
    [, bias] [, mask (B, T)] [, input dropout masks (1 or G, B, I)] [, recurrent dropout masks
    (G, B, H)]. Returns (output, *final states); the output is (B, T, H) in processing order, or
    the last step's (B, H)."""
    args = list(args)
    rec_masks = args.pop() if has_recurrent_dropout else None
    in_masks = args.pop() if has_input_dropout else None
    mask = args.pop() if has_mask else None
    states, (kernel, rkernel, *bias) = args[:n_states], args[n_states:]
    w = _weights(kind, kernel, rkernel, bias[0] if has_bias else None, reset_after)
    options = _options(kind, activation, recurrent_activation, reset_after)
    step = _step(kind, w, options) if rec_masks is None else _dropout_step(kind, w, rkernel, rec_masks, options)
    if in_masks is not None and in_masks.shape[0] == 1:  # one mask, fixed over time
        x = x * in_masks[0][:, None, :]
    if in_masks is not None and in_masks.shape[0] > 1:  # Keras's implementation=1: a mask per gate
        gates = in_masks.shape[0]
        gx = jnp.einsum("bti,gbi,igu->tbgu", x, in_masks, kernel.reshape(kernel.shape[0], gates, -1),
                        precision=R._HIGHEST).reshape(x.shape[1], x.shape[0], kernel.shape[1])
        gx = gx if w.b_ih is None else gx + w.b_ih
    else:
        gx = R.input_projection(jnp.swapaxes(x, 0, 1), w)  # time-major (T, B, G)
    if mask is not None:
        gx = jnp.concatenate([gx, jnp.swapaxes(mask, 0, 1)[..., None].astype(gx.dtype)], axis=-1)
        step = _masked(step)
    outs, final = R.scan_direction(step, gx, tuple(states), reverse=go_backwards)
    if return_sequences:
        seq = jnp.swapaxes(outs, 0, 1)
        return (jnp.flip(seq, 1) if go_backwards else seq, *final)
    return (final[0], *final)


# the layer's results, then its vjp residuals: the backward pass does not run the scan again
rnn_sequence_saving = residuals.saving_residuals(rnn_sequence)


def rnn_cell_step(x, *args, kind: str, n_states: int, has_bias: bool, activation: str, recurrent_activation: str,
                  reset_after: bool):
    """One step of a Keras cell: returns (output, *new states)."""
    states, (kernel, rkernel, *bias) = args[:n_states], args[n_states:]
    w = _weights(kind, kernel, rkernel, bias[0] if has_bias else None, reset_after)
    step = _step(kind, w, _options(kind, activation, recurrent_activation, reset_after))
    new = step(R.input_projection(x, w), tuple(states))
    return (new[0], *new)


# ---------------------------------------------------------------------------- cells

class _Cell(Layer):
    kind = "rnn"

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        from ..random import SeedGenerator
        if self.kind == "rnn":  # Keras's SimpleRNNCell takes its default seed before its initializers'
            self.seed_generator = SeedGenerator(seed)
        self.kernel_initializer = _initializer(kernel_initializer)
        self.recurrent_initializer = _initializer(recurrent_initializer)
        self.bias_initializer = _initializer(bias_initializer)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        if self.kind != "rnn":  # LSTM/GRU cells make theirs after their initializers, as Keras
            self.seed_generator = SeedGenerator(seed)
        self.kernel = self.recurrent_kernel = self.bias = None

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self) -> int:
        return self.units

    def _bias_shape(self) -> tuple:
        return (_GATES[self.kind][1] * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def build(self, input_shape) -> None:
        gates = _GATES[self.kind][1]
        self.kernel = self.add_weight((input_shape[-1], gates * self.units), self.kernel_initializer, name="kernel")
        self.recurrent_kernel = self.add_weight((self.units, gates * self.units), self.recurrent_initializer,
                                                name="recurrent_kernel")
        if self.use_bias:
            self.bias = self.add_weight(self._bias_shape(), self._bias_initializer(), name="bias")
        self.built = True

    def _static(self) -> dict:
        return {"kind": self.kind, "n_states": 2 if self.kind == "lstm" else 1, "has_bias": bool(self.use_bias),
                "activation": _activation_name(self.activation),
                "recurrent_activation": _activation_name(self.recurrent_activation),
                "reset_after": bool(getattr(self, "reset_after", False))}

    def _params(self) -> list[Tensor]:
        params = [convert_to_tensor(self.kernel), convert_to_tensor(self.recurrent_kernel)]
        return params + ([convert_to_tensor(self.bias)] if self.use_bias else [])

    def call(self, inputs, states, training=None):
        nested = isinstance(states, (list, tuple))
        state_list = [convert_to_tensor(s) for s in flatten(states)]
        if training and self.dropout > 0:
            inputs = nn_ops.dropout(inputs, self.dropout)
        out, *new = multi_op(rnn_cell_step, [inputs, *state_list, *self._params()], self._static(),
                             op_type=type(self).__name__)
        return out, (list(new) if nested or self.kind == "lstm" else new[0])

    def _dropout_masks(self, sequences: Tensor, state: Tensor) -> tuple[list, list]:
        """Keras's ``RNN._maybe_config_dropout_masks``: on every layer call (training or not) the
        cell draws its input masks, then its recurrent masks, from its ``SeedGenerator`` with
        ``keras.random.dropout`` on ones; one of each, or one per gate when the cell runs
        Keras's ``implementation=1`` (LSTM / GRU with ``recurrent_dropout``)."""
        from ..random import dropout
        from ...array_ops import ones
        count = _GATES[self.kind][1] if self.kind != "rnn" and self.recurrent_dropout != 0.0 else 1
        batch, _, features = sequences.shape.as_list()

        def draw(shape, rate):
            if rate <= 0:
                return []
            return [dropout(ones(shape), rate, seed=self.seed_generator) for _ in range(count)]

        return draw([batch, features], self.dropout), draw(state.shape.as_list(), self.recurrent_dropout)

    def get_initial_state(self, batch_size=None):
        zeros = np.zeros((batch_size, self.units), np.float32)
        n = 2 if self.kind == "lstm" else 1
        return [convert_to_tensor(zeros) for _ in range(n)]

    def get_config(self) -> dict:
        config = {**super().get_config(), "units": self.units, "activation": serialize_activation(self.activation)}
        if self.kind != "rnn":
            config["recurrent_activation"] = serialize_activation(self.recurrent_activation)
        return {**config, "use_bias": self.use_bias,
                "kernel_initializer": serialize_initializer(self.kernel_initializer),
                "recurrent_initializer": _serialize_orthogonal(self.recurrent_initializer),
                "bias_initializer": serialize_initializer(self.bias_initializer), "kernel_regularizer": None,
                "recurrent_regularizer": None, "bias_regularizer": None, "kernel_constraint": None,
                "recurrent_constraint": None, "bias_constraint": None, "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}


def _serialize_orthogonal(init) -> Any:
    if isinstance(init, Orthogonal):
        return {"module": "keras.initializers", "class_name": "Orthogonal",
                "config": {"seed": init._init_seed, "gain": init.gain}, "registered_name": None}
    return serialize_initializer(init)


class SimpleRNNCell(_Cell):
    """``keras.layers.SimpleRNNCell(units, activation='tanh')``: ``h' = act(x @ kernel + h @
    recurrent_kernel + bias)``; ``call(inputs, states)`` returns ``(output, new_states)``."""
    kind = "rnn"

    def __init__(self, units: int, activation="tanh", use_bias: bool = True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)


class LSTMCell(_Cell):
    """``keras.layers.LSTMCell(units, activation='tanh', recurrent_activation='sigmoid',
    unit_forget_bias=True)``: states ``[h, c]``; gates stacked ``i, f, c, o``."""
    kind = "lstm"

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 unit_forget_bias: bool = True, **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         use_bias=use_bias, **kwargs)
        self.unit_forget_bias = unit_forget_bias

    @property
    def state_size(self):
        return [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def init(shape, dtype=None):  # ones for the forget gate, as Keras's unit_forget_bias
            values = np.asarray(base((units * 4,), dtype=dtype))
            values[units:2 * units] = 1.0
            return values
        return init

    def get_config(self) -> dict:
        config = super().get_config()
        config["unit_forget_bias"] = self.unit_forget_bias
        return config


class GRUCell(_Cell):
    """``keras.layers.GRUCell(units, activation='tanh', recurrent_activation='sigmoid',
    reset_after=True)``: gates stacked ``z, r, h``; with ``reset_after`` the bias is (2, 3 * units)
    (input and recurrent biases) and the reset gate multiplies the recurrent projection."""
    kind = "gru"

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 reset_after: bool = True, **kwargs):
        super().__init__(units, activation=activation, recurrent_activation=recurrent_activation,
                         use_bias=use_bias, **kwargs)
        self.reset_after = reset_after

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def get_config(self) -> dict:
        config = super().get_config()
        config["reset_after"] = self.reset_after
        return config


# ---------------------------------------------------------------------------- layers

class RNN(Layer):
    """``keras.layers.RNN(cell, return_sequences=False, return_state=False, go_backwards=False)``
    over (batch, time, features); ``initial_state=`` takes the cell's states."""

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs):
        if isinstance(cell, (list, tuple)):
            raise NotImplementedError("gradcompat's keras.layers.RNN takes one cell (no StackedRNNCells yet)")
        if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
            raise ValueError(f"Argument `cell` should have a `call` method and a `state_size` attribute. "
                             f"Received: cell={cell}")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences, self.return_state, self.go_backwards = return_sequences, return_state, go_backwards
        self.stateful, self.unroll, self.zero_output_for_mask = stateful, unroll, zero_output_for_mask
        self.input_spec = InputSpec(min_ndim=3)
        self.supports_masking = True

    def build(self, input_shape) -> None:
        with naming.scope(self.name):
            if not self.cell.built:
                self.cell.build((input_shape[0], input_shape[-1]))
                self.cell.built = True
            if self.stateful:
                if getattr(self, "states", None) is not None:
                    self.reset_states()
                else:
                    if input_shape[0] is None:
                        raise ValueError(f"When using `stateful=True` in a RNN, the batch size must be static. "
                                         f"Found dynamic batch size: sequence.shape={tuple(input_shape)}")
                    # not weights (Keras keeps them out of `weights`): variables named rnn_state
                    self.states = [Variable(initializers.get("zeros"), shape=(int(input_shape[0]), size),
                                            trainable=False, name="rnn_state") for size in self._state_sizes()]
        self.built = True

    def reset_states(self) -> None:
        """Zero a ``stateful=True`` layer's carried states (Keras's ``reset_states`` / ``reset_state``)."""
        for variable in getattr(self, "states", None) or []:
            variable.assign(np.zeros(tuple(variable.shape), np.float32))

    reset_state = reset_states

    def _n_states(self) -> int:
        size = self.cell.state_size
        return len(size) if isinstance(size, (list, tuple)) else 1

    def _state_sizes(self) -> list[int]:
        size = self.cell.state_size
        return list(size) if isinstance(size, (list, tuple)) else [size]

    def compute_output_shape(self, input_shape) -> Any:
        batch, steps = input_shape[0], input_shape[1]
        units = self.cell.output_size if hasattr(self.cell, "output_size") else self._state_sizes()[0]
        out = (batch, steps, units) if self.return_sequences else (batch, units)
        if self.return_state:
            return (out, *((batch, s) for s in self._state_sizes()))
        return out

    def _initial(self, inputs, initial_state) -> list[Tensor]:
        if initial_state is None:
            return [_zeros_like_batch(inputs, s) for s in self._state_sizes()]
        states = [convert_to_tensor(s) for s in flatten(initial_state)]
        if len(states) != self._n_states():
            raise ValueError(f"Layer {self.name} expects {self._n_states()} state(s), but it received "
                             f"{len(states)} initial state(s). Input received: {initial_state}")
        return states

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if mask is None:
            mask = getattr(sequences, "_keras_mask", None)  # from Embedding(mask_zero=True), Masking, ...
        carried = self.stateful and initial_state is None and getattr(self, "states", None)
        states = [convert_to_tensor(v) for v in self.states] if carried else self._initial(sequences, initial_state)
        if isinstance(self.cell, _Cell):
            in_masks, rec_masks = self.cell._dropout_masks(sequences, states[0])
            masks = [convert_to_tensor(mask)] if mask is not None else []
            has_mask = bool(masks)
            use_in = bool(training) and 0.0 < self.cell.dropout < 1.0 and bool(in_masks)
            use_rec = bool(training) and 0.0 < self.cell.recurrent_dropout < 1.0 and bool(rec_masks)
            if use_in:
                masks.append(stack(in_masks))
            if use_rec:  # one fixed mask per gate for the whole sequence
                masks.append(stack(rec_masks))
            static = {**self.cell._static(), "go_backwards": bool(self.go_backwards),
                      "return_sequences": bool(self.return_sequences), "has_mask": has_mask,
                      "has_input_dropout": use_in, "has_recurrent_dropout": use_rec}
            out, *final = multi_op(rnn_sequence, [sequences, *states, *self.cell._params(), *masks], static,
                                   op_type=type(self).__name__, saving=rnn_sequence_saving)
        else:
            out, final = self._python_loop(sequences, states, training)
        if carried:  # the next call starts where this one ended
            for variable, value in zip(self.states, final):
                variable.assign(value)
        if self.return_sequences and mask is not None and isinstance(out, Tensor):
            out._keras_mask = convert_to_tensor(mask)  # Keras's compute_mask: the mask goes on with the sequence
        if self.return_state:
            return (out, *final)
        return out

    def _python_loop(self, sequences, states, training):
        steps = sequences.shape.dims[1]
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        outputs = []
        nested = isinstance(self.cell.state_size, (list, tuple))
        state = states if nested else states[0]
        for t in order:
            out, state = self.cell(sequences[:, t], state)
            outputs.append(out)
        final = list(state) if nested else [state]
        out = stack(outputs, axis=1) if self.return_sequences else outputs[-1]
        return out, final

    def get_config(self) -> dict:
        return {**super().get_config(), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards, "stateful": self.stateful,
                "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask}


def _zeros_kernel(x, *, units: int):
    return jnp.zeros((x.shape[0], units), x.dtype)


def _zeros_like_batch(x: Tensor, units: int) -> Tensor:
    return make_op(_zeros_kernel, [x], {"units": int(units)}, op_type="zeros")


class _FusedRNN(RNN):
    cell_class: type = SimpleRNNCell
    cell_name = "simple_rnn_cell"

    def __init__(self, units: int, *, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False, cell_kwargs: dict,
                 **kwargs):
        cell = self.cell_class(units, name=self.cell_name, **cell_kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def __getattr__(self, name: str):
        # Keras exposes the cell's settings on the layer (units, kernel, activation, ...)
        cell = self.__dict__.get("cell")
        if cell is not None and name in ("units", "activation", "recurrent_activation", "use_bias", "dropout",
                                         "recurrent_dropout", "reset_after", "unit_forget_bias",
                                         "kernel_initializer", "recurrent_initializer", "bias_initializer"):
            return getattr(cell, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def get_config(self) -> dict:
        cell = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell.pop(key)
        base = super().get_config()
        return {**base, **cell, "activity_regularizer": None}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        config.pop("dtype", None)
        for key, value in list(config.items()):
            if key.endswith("_initializer") and isinstance(value, dict):
                config[key] = (Orthogonal(**value["config"]) if value["class_name"] == "Orthogonal"
                               else deserialize_initializer(value))
        return cls(**config)


def _split(kwargs: dict, names: tuple) -> dict:
    return {k: kwargs.pop(k) for k in list(kwargs) if k in names}


_CELL_ARGS = ("activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
              "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
              "unit_forget_bias", "reset_after")


class SimpleRNN(_FusedRNN):
    """``keras.layers.SimpleRNN(units, activation='tanh', return_sequences=False, return_state=False,
    go_backwards=False)``; weights under ``simple_rnn/simple_rnn_cell/``."""
    cell_class, cell_name = SimpleRNNCell, "simple_rnn_cell"

    def __init__(self, units: int, activation="tanh", use_bias: bool = True, **kwargs):
        cell_kwargs = {"activation": activation, "use_bias": use_bias, **_split(kwargs, _CELL_ARGS)}
        super().__init__(units, cell_kwargs=cell_kwargs, **kwargs)


class LSTM(_FusedRNN):
    """``keras.layers.LSTM(units, activation='tanh', recurrent_activation='sigmoid', use_bias=True,
    unit_forget_bias=True, return_sequences=False, return_state=False, go_backwards=False)``;
    ``return_state`` adds ``[h, c]``."""
    cell_class, cell_name = LSTMCell, "lstm_cell"

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 **kwargs):
        cell_kwargs = {"activation": activation, "recurrent_activation": recurrent_activation, "use_bias": use_bias,
                       **_split(kwargs, _CELL_ARGS)}
        super().__init__(units, cell_kwargs=cell_kwargs, **kwargs)


class GRU(_FusedRNN):
    """``keras.layers.GRU(units, activation='tanh', recurrent_activation='sigmoid', use_bias=True,
    reset_after=True, return_sequences=False, return_state=False, go_backwards=False)``."""
    cell_class, cell_name = GRUCell, "gru_cell"

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid", use_bias: bool = True,
                 reset_after: bool = True, **kwargs):
        cell_kwargs = {"activation": activation, "recurrent_activation": recurrent_activation, "use_bias": use_bias,
                       "reset_after": reset_after, **_split(kwargs, _CELL_ARGS)}
        super().__init__(units, cell_kwargs=cell_kwargs, **kwargs)


class Bidirectional(Layer):
    """``keras.layers.Bidirectional(layer, merge_mode='concat', backward_layer=None)``: a copy of
    ``layer`` named ``forward_<name>`` and one running backwards named ``backward_<name>``;
    merge modes ``concat``, ``sum``, ``mul``, ``ave`` or None (a list)."""

    def __init__(self, layer: Layer, merge_mode: str | None = "concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, RNN):
            raise ValueError(f"Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance. "
                             f"Received: {layer}")
        if merge_mode not in ("sum", "mul", "ave", "concat", None):
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             '{"sum", "mul", "ave", "concat", None}')
        super().__init__(**kwargs)
        self.forward_layer = _copy_rnn(layer, "forward_" + layer.name, layer.go_backwards)
        self.backward_layer = backward_layer if backward_layer is not None else _copy_rnn(
            layer, "backward_" + layer.name, not layer.go_backwards)
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape) -> None:
        with naming.scope(self.name):
            for layer in (self.forward_layer, self.backward_layer):
                layer.build(input_shape)  # under <bidirectional>/<forward_lstm>/ (RNN.build adds its name)
                layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape) -> Any:
        out = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            out, states = out[0], out[1:]
        if self.merge_mode == "concat":
            out = (*out[:-1], out[-1] * 2)
        elif self.merge_mode is None:
            out = (out, out)
        if self.return_state:
            states = tuple(states) * 2
            return (*(out if isinstance(out, tuple) else (out,)), *states)
        return out

    def call(self, sequences, initial_state=None, mask=None, training=None):
        fwd_state = bwd_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            fwd_state, bwd_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=fwd_state, mask=mask, training=training)
        y_rev = self.backward_layer(sequences, initial_state=bwd_state, mask=mask, training=training)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = reverse(y_rev, [1])
        if self.merge_mode == "concat":
            out = concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            out = y + y_rev
        elif self.merge_mode == "ave":
            out = (y + y_rev) / 2.0
        elif self.merge_mode == "mul":
            out = y * y_rev
        else:
            out = (y, y_rev)
        if self.return_sequences and mask is not None and isinstance(out, Tensor):
            out._keras_mask = convert_to_tensor(mask)  # passed on, as Keras's compute_mask
        if self.return_state:
            return (*(out if isinstance(out, tuple) else (out,)), *states)
        return out

    def get_config(self) -> dict:
        def serialized(layer):
            return {"module": "keras.layers", "class_name": type(layer).__name__, "config": layer.get_config(),
                    "registered_name": None}
        return {**super().get_config(), "merge_mode": self.merge_mode, "layer": serialized(self.forward_layer),
                "backward_layer": serialized(self.backward_layer)}


def _copy_rnn(layer: RNN, name: str, go_backwards: bool) -> RNN:
    """A fresh layer of ``layer``'s class and settings (Keras rebuilds it from its config)."""
    if isinstance(layer, _FusedRNN):
        config = layer.get_config()
        config.update(name=name, go_backwards=go_backwards)
        return type(layer).from_config(config)
    clone = RNN(copy.deepcopy(layer.cell), return_sequences=layer.return_sequences,
                return_state=layer.return_state, go_backwards=go_backwards, name=name)
    return clone
