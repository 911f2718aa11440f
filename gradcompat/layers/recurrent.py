"""Recurrent cells and the layer runner, dialect-free: pure JAX functions of arrays.

Weights use the (out_features, in_features) convention: a gate pre-activation is
``x @ w_ih.T + b_ih + h @ w_hh.T + b_hh``. The gates are stacked along the first weight
axis in the order named by ``gate_order``, one letter per gate:

- LSTM: ``i`` input, ``f`` forget, ``g`` (alias ``c``) cell candidate, ``o`` output.
  PyTorch and MindSpore stack ``"ifgo"``, Keras ``"ifco"`` (the same order), cuDNN-style
  TF kernels ``"icfo"``.
- GRU: ``r`` reset, ``z`` update, ``n`` (alias ``h``) candidate. PyTorch stacks ``"rzn"``,
  Keras ``"zrh"``. ``reset_after=True`` applies the reset gate after the recurrent matmul
  (PyTorch, Keras' default); ``False`` before it (Keras ``reset_after=False``).

A dialect whose weights are (in, out) passes their transposes. The runner (``run_stack``)
does one ``jax.lax.scan`` over time per layer, stepping both directions of a bidirectional
layer together (their recurrent weights stacked: half the loops to compile and to run); the
input projection of all time steps is one matmul before the scan, so the scan body holds
only the recurrent matmul, by a weight transposed once before the loop. A one-direction layer
is scanned without a direction axis. Biases are added where the framework adds them
(``b_hh`` inside the step), which keeps the frameworks' float rounding. Variable lengths (packed sequences) are a mask: a sequence's state stops changing
after its last step, its outputs there are zero, and the reverse direction starts at each
sequence's own last step. Gradients are JAX's (``jax.vjp`` of the scan).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import jax
import jax.numpy as jnp
import numpy as np

_HIGHEST = jax.lax.Precision.HIGHEST

ACTIVATIONS: dict[str, Callable] = {
    "tanh": jnp.tanh,
    "relu": lambda x: jnp.where(x <= 0, jnp.zeros((), x.dtype), x),  # relu'(0) = 0, as torch
    "sigmoid": jax.nn.sigmoid,
    "hard_sigmoid": lambda x: jnp.clip(0.2 * x + 0.5, 0.0, 1.0).astype(x.dtype),
    "linear": lambda x: x,
}

_GATE_ALIASES = {"c": "g", "h": "n"}


class _InputMajor(NamedTuple):
    """A weight stored transposed, (..., in_features, out_features), once before a scan: the
    scan body then multiplies by it as it is (no transpose per step, and the gradient
    accumulates per step in this layout; it is transposed back once, after the loop)."""

    t: jax.Array


def _input_major(w):
    """``w`` as (..., in_features, out_features)."""
    return w.t if isinstance(w, _InputMajor) else jnp.swapaxes(w, -1, -2)


def _mm(x, w):
    """``x @ w.T`` (for stacked directions, per direction) at full float32 precision (no TF32
    on GPUs), as torch's default."""
    return jnp.matmul(x, _input_major(w), precision=_HIGHEST)


def _gates(pre, order: str) -> dict:
    """Split stacked pre-activations (..., n * H) into a dict keyed by canonical gate letter."""
    parts = jnp.split(pre, len(order), axis=-1)
    return {_GATE_ALIASES.get(k, k): p for k, p in zip(order, parts)}


class Weights(NamedTuple):
    """One layer-direction's weights; absent ones are None."""

    w_ih: jax.Array
    w_hh: jax.Array
    b_ih: jax.Array | None = None
    b_hh: jax.Array | None = None
    w_hr: jax.Array | None = None  # LSTM projection (proj_size, hidden_size)


def input_projection(x, w: Weights):
    """``x @ w_ih.T + b_ih`` for all time steps at once (done before the scan)."""
    gx = _mm(x, w.w_ih)
    return gx if w.b_ih is None else gx + w.b_ih


def _recurrent(h, w: Weights):
    gh = _mm(h, w.w_hh)
    return gh if w.b_hh is None else gh + w.b_hh


# ----- steps: one time step given the input projection ``gx`` ---------------------------------

def rnn_step(gx, h, w: Weights, *, nonlinearity: str = "tanh"):
    """Elman RNN: ``h' = act(gx + h @ w_hh.T + b_hh)``. Returns ``h'``."""
    return ACTIVATIONS[nonlinearity](gx + _recurrent(h, w))


def lstm_step(gx, h, c, w: Weights, *, gate_order: str = "ifgo", activation: str = "tanh",
              recurrent_activation: str = "sigmoid"):
    """LSTM: ``c' = f * c + i * g``, ``h' = o * act(c')`` (then ``h' @ w_hr.T`` with a
    projection). Returns ``(h', c')``."""
    gate = _gates(gx + _recurrent(h, w), gate_order)
    act, ract = ACTIVATIONS[activation], ACTIVATIONS[recurrent_activation]
    c_new = ract(gate["f"]) * c + ract(gate["i"]) * act(gate["g"])
    h_new = ract(gate["o"]) * act(c_new)
    if w.w_hr is not None:
        h_new = _mm(h_new, w.w_hr)
    return h_new, c_new


def gru_step(gx, h, w: Weights, *, gate_order: str = "rzn", reset_after: bool = True,
             activation: str = "tanh", recurrent_activation: str = "sigmoid"):
    """GRU: ``h' = (1 - z) * n + z * h`` with torch's candidate
    ``n = act(x_n + r * (h @ w_hn.T + b_hn))`` (``reset_after``) or Keras' other form
    ``n = act(x_n + (r * h) @ w_hn.T + b_hn)``. Returns ``h'``."""
    act, ract = ACTIVATIONS[activation], ACTIVATIONS[recurrent_activation]
    gxs = _gates(gx, gate_order)
    if reset_after:
        ghs = _gates(_recurrent(h, w), gate_order)
        r = ract(gxs["r"] + ghs["r"])
        z = ract(gxs["z"] + ghs["z"])
        n = act(gxs["n"] + r * ghs["n"])
    else:
        w_hh = _gates(_input_major(w.w_hh), gate_order)  # (H, H) blocks, input-major
        b_hh = _gates(w.b_hh, gate_order) if w.b_hh is not None else None

        def rec(k, v):
            out = jnp.matmul(v, w_hh[k], precision=_HIGHEST)
            return out if b_hh is None else out + b_hh[k]
        r = ract(gxs["r"] + rec("r", h))
        z = ract(gxs["z"] + rec("z", h))
        n = act(gxs["n"] + rec("n", r * h))
    return (1 - z) * n + z * h


# ----- cells: one step from the raw input --------------------------------------------------------

def rnn_cell(x, h, w: Weights, *, nonlinearity: str = "tanh"):
    """One Elman RNN step from input ``x`` (B, I) and state ``h`` (B, H)."""
    return rnn_step(input_projection(x, w), h, w, nonlinearity=nonlinearity)


def lstm_cell(x, h, c, w: Weights, **options):
    """One LSTM step; ``options`` as ``lstm_step``. Returns ``(h', c')``."""
    return lstm_step(input_projection(x, w), h, c, w, **options)


def gru_cell(x, h, w: Weights, **options):
    """One GRU step; ``options`` as ``gru_step``."""
    return gru_step(input_projection(x, w), h, w, **options)


# ----- the runner ------------------------------------------------------------------------------

def stack_directions(weights: Sequence[Weights]) -> Weights:
    """The recurrent weights of several directions stacked on a leading axis and transposed
    (``_InputMajor``, (D, in, out)), biases shaped (D, 1, G) so that the steps broadcast them
    over (D, B, G); the input weights are dropped (the input projection is done before the scan)."""
    def stack(name, bias=False):
        arrays = [getattr(w, name) for w in weights]
        if arrays[0] is None:
            return None
        if bias:
            return jnp.stack(arrays)[:, None]
        return _InputMajor(jnp.stack([jnp.swapaxes(a, -1, -2) for a in arrays]))
    return Weights(None, stack("w_hh"), None, stack("b_hh", True), stack("w_hr"))


def _transposed(w: Weights) -> Weights:
    """One direction's recurrent weights for a scan: transposed once (``_InputMajor``); the
    input weights are dropped (the input projection is done before the scan)."""
    return Weights(None, _InputMajor(jnp.swapaxes(w.w_hh, -1, -2)), None, w.b_hh,
                   None if w.w_hr is None else _InputMajor(jnp.swapaxes(w.w_hr, -1, -2)))


def scan_directions(step: Callable, gxs: Sequence, carry, *, lengths=None, reverse: Sequence[bool] = (False,)):
    """One ``lax.scan`` over time for one or several directions at once.

    ``gxs[d]``: direction d's input projection (T, B, G), time-major; ``carry``: a tuple of
    (D, B, *) states; ``step(gx_t (D, B, G), carry) -> new carry`` whose first element is the
    output. A reverse direction walks time backwards. With ``lengths`` (B,), time steps at or past
    a sequence's length leave its state unchanged and output zeros, so a reverse direction starts
    at each sequence's own last step. Returns ``([outputs (T, B, H) per direction], final carry)``.
    """
    gx = jnp.stack([jnp.flip(g, 0) if r else g for g, r in zip(gxs, reverse)], axis=1)  # (T, D, B, G)
    final, outs = _scan(step, gx, tuple(carry), lengths, tuple(reverse))
    return [jnp.flip(outs[:, d], 0) if r else outs[:, d] for d, r in enumerate(reverse)], final


def scan_direction(step: Callable, gx, carry, *, lengths=None, reverse: bool = False):
    """``scan_directions`` for one direction: ``gx`` (T, B, G), ``carry`` a tuple of (B, *) states,
    ``step(gx_t (B, G), carry)``. Returns ``(outputs (T, B, H), final carry)``.

    No direction axis is added: XLA lays a size-1 axis out as it likes and then copies whole
    (T, 1, B, G) arrays between its layouts, around the loop and in its gradient."""
    final, outs = _scan(step, jnp.flip(gx, 0) if reverse else gx, tuple(carry), lengths, reverse)
    return (jnp.flip(outs, 0) if reverse else outs), final


def _scan(step: Callable, gx, carry: tuple, lengths, reverse):
    """The loop of ``scan_directions`` (``reverse`` a tuple per direction, states (D, B, *)) and
    of ``scan_direction`` (``reverse`` one bool, states (B, *))."""
    t_steps = gx.shape[0]
    if lengths is None:
        def body(state, gx_s):
            new = step(gx_s, state)
            return new, new[0]
        return jax.lax.scan(body, carry, gx)

    def masked(state, inputs):
        gx_s, s = inputs
        new = step(gx_s, state)
        if isinstance(reverse, tuple):  # each direction's time step
            t = jnp.stack([t_steps - 1 - s if r else s for r in reverse])
            live = (t[:, None] < lengths[None, :])[:, :, None]
        else:
            live = ((t_steps - 1 - s if reverse else s) < lengths)[:, None]
        new = tuple(jnp.where(live, n, o) for n, o in zip(new, state))
        return new, jnp.where(live, new[0], jnp.zeros((), new[0].dtype))
    return jax.lax.scan(masked, carry, (gx, jnp.arange(t_steps)))


def run_stack(kind: str, x, h0, c0, weights: Sequence[Weights], *, num_layers: int, num_directions: int,
              lengths=None, dropout_masks: Sequence = (), nonlinearity: str = "tanh",
              gate_order: str | None = None, reset_after: bool = True, activation: str = "tanh",
              recurrent_activation: str = "sigmoid"):
    """A stacked (optionally bidirectional) recurrent network over a time-major sequence.

    ``kind``: "rnn", "lstm" or "gru". ``x``: (T, B, I). ``h0``: (L*D, B, H_out) and, for an
    LSTM, ``c0``: (L*D, B, H). ``weights[l * D + d]`` holds layer l, direction d (1 runs
    backwards). ``dropout_masks[l]`` (T, B, D*H_out), already scaled, multiplies layer l's
    output before it feeds layer l + 1 (the caller draws them). Each layer is one ``lax.scan``
    that steps its directions together (their weights stacked). Returns
    ``(output (T, B, D*H_out), h_n, c_n)`` (``c_n`` is None unless an LSTM).
    """
    options: dict = {}
    if kind == "rnn":
        options = {"nonlinearity": nonlinearity}
    elif kind in ("lstm", "gru"):
        options = {"gate_order": gate_order or ("ifgo" if kind == "lstm" else "rzn"),
                   "activation": activation, "recurrent_activation": recurrent_activation}
        if kind == "gru":
            options["reset_after"] = reset_after
    else:
        raise ValueError(f"unknown recurrent kind {kind!r}")

    d = num_directions
    reverse = tuple(k == 1 for k in range(d))
    layer_input = x
    h_n, c_n = [], []
    for layer in range(num_layers):
        ws = weights[layer * d:(layer + 1) * d]
        gxs = [input_projection(layer_input, w) for w in ws]
        w = stack_directions(ws) if d > 1 else _transposed(ws[0])
        if kind == "lstm":
            def step(g, state, w=w):
                return lstm_step(g, state[0], state[1], w, **options)
            carry = (h0[layer * d:(layer + 1) * d], c0[layer * d:(layer + 1) * d])
        else:
            cell = rnn_step if kind == "rnn" else gru_step

            def step(g, state, w=w, cell=cell):
                return (cell(g, state[0], w, **options),)
            carry = (h0[layer * d:(layer + 1) * d],)
        if d > 1:
            outs, final = scan_directions(step, gxs, carry, lengths=lengths, reverse=reverse)
        else:  # one direction: no direction axis (see scan_direction)
            out, final = scan_direction(step, gxs[0], tuple(v[0] for v in carry), lengths=lengths)
            outs, final = [out], tuple(v[None] for v in final)
        h_n.append(final[0])
        if kind == "lstm":
            c_n.append(final[1])
        layer_input = outs[0] if d == 1 else jnp.concatenate(outs, axis=-1)
        if layer < num_layers - 1 and layer < len(dropout_masks):
            layer_input = layer_input * dropout_masks[layer]
    return layer_input, jnp.concatenate(h_n), (jnp.concatenate(c_n) if kind == "lstm" else None)


# ----- packed (variable-length) layout ---------------------------------------------------------

class PackedLayout(NamedTuple):
    """Index arrays relating a packed sequence (rows ordered by time, then by batch position,
    ``batch_sizes[t]`` rows at step t, sequences sorted by decreasing length) to the padded
    time-major layout."""

    gather: np.ndarray    # (T, B): the packed row of (t, b), 0 where t >= lengths[b]
    lengths: np.ndarray   # (B,)
    time_of: np.ndarray   # (N,): the time step of each packed row
    batch_of: np.ndarray  # (N,): the batch position of each packed row


def packed_layout(batch_sizes) -> PackedLayout:
    """The ``PackedLayout`` of a packed sequence with these ``batch_sizes`` (host numpy)."""
    sizes = np.asarray(batch_sizes, dtype=np.int64).reshape(-1)
    t_steps = sizes.shape[0]
    batch = int(sizes[0]) if t_steps else 0
    lengths = (sizes[None, :] > np.arange(batch)[:, None]).sum(axis=1).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    time_of = np.repeat(np.arange(t_steps, dtype=np.int64), sizes)
    batch_of = np.arange(int(sizes.sum()), dtype=np.int64) - offsets[time_of]
    gather = offsets[:, None] + np.arange(batch)[None, :]
    gather = np.where(np.arange(t_steps)[:, None] < lengths[None, :], gather, 0).astype(np.int64)
    return PackedLayout(gather, lengths, time_of, batch_of)


def lengths_to_batch_sizes(lengths) -> np.ndarray:
    """``batch_sizes`` of sequences of these (decreasing) lengths: how many are longer than t."""
    lengths = np.asarray(lengths, dtype=np.int64)
    t_steps = int(lengths.max()) if lengths.size else 0
    return (lengths[None, :] > np.arange(t_steps)[:, None]).sum(axis=1).astype(np.int64)


def packed_to_padded(data, gather, lengths):
    """Packed rows (N, *F) -> padded time-major (T, B, *F), zeros past each length."""
    padded = data[gather]
    live = jnp.arange(gather.shape[0])[:, None] < lengths[None, :]
    return jnp.where(live.reshape(live.shape + (1,) * (data.ndim - 1)), padded, jnp.zeros((), data.dtype))


def padded_to_packed(padded, time_of, batch_of):
    """Padded time-major (T, B, *F) -> packed rows (N, *F)."""
    return padded[time_of, batch_of]


def padded_select(src, columns, lengths, *, batch_first: bool, fill=0.0):
    """A padded source (T, B', *F) (or batch first) as the time-major (T, B, *F) batch of the
    sequences in columns ``columns``, ``fill`` at and past each one's length (what packing and
    unpacking it again gives, without the packed rows in between)."""
    xs = jnp.swapaxes(src, 0, 1) if batch_first else src
    xs = xs[:, columns]
    live = jnp.arange(xs.shape[0])[:, None] < lengths[None, :]
    return jnp.where(live.reshape(live.shape + (1,) * (xs.ndim - 2)), xs, jnp.asarray(fill, xs.dtype))
