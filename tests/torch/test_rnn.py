"""Unit tests of the recurrent layers that goldens cannot express: a layer is one core op whose
kernel is one ``lax.scan`` per layer, the directions stepped together (no node per time step), a long sequence runs
fast, and the dialect-free cells' gate orders and GRU variants."""
from __future__ import annotations

import functools
import time

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.layers import recurrent as R
from gradcompat.torch import nn
from gradcompat.torch.nn import rnn as rnn_module
from gradcompat.torch.nn.utils.rnn import pack_padded_sequence


def _ops(tensor) -> list:
    """Every op node the tensor's value was computed from."""
    seen, stack, ops = set(), [tensor.node], []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, core.Op):
            ops.append(node)
        stack.extend(node.inputs)
    return ops


def _scans(jaxpr) -> int:
    count = 0
    for eqn in jaxpr.eqns:
        if eqn.primitive.name == "scan":
            count += 1
        for value in eqn.params.values():  # nested programs: jit, scan bodies
            for item in value if isinstance(value, (tuple, list)) else [value]:
                if hasattr(item, "eqns"):
                    count += _scans(item)
                elif hasattr(item, "jaxpr") and hasattr(item.jaxpr, "eqns"):
                    count += _scans(item.jaxpr)
    return count


@pytest.mark.parametrize("kind,kwargs,directions", [
    ("LSTM", dict(num_layers=2, bidirectional=True), 2),
    ("GRU", dict(num_layers=3), 1),
    ("RNN", dict(bidirectional=True, batch_first=True), 2),
])
def test_layer_is_one_op_with_one_scan_per_layer(kind, kwargs, directions):
    m = getattr(nn, kind)(3, 4, **kwargs)
    x = torch.randn(20, 2, 3, requires_grad=True)
    out, _ = m(x)
    assert out.shape[-1] == 4 * directions
    ops = _ops(out)
    # recorded for a gradient: the kernel that also returns its vjp residuals
    kernels = [op for op in ops if op.fn is rnn_module.rnn_kernel_saving]
    assert len(kernels) == 1
    assert len(ops) == 2  # the kernel and the selection of its first output: nothing per time step
    op = kernels[0]
    values = [n.value for n in op.inputs]
    jaxpr = jax.make_jaxpr(functools.partial(rnn_module.rnn_kernel, **dict(op.static)))(*values)
    assert _scans(jaxpr.jaxpr) == m.num_layers


def test_compiled_lstm_step_runs_each_scan_once_and_makes_no_transfer():
    torch.manual_seed(0)
    lstm, head = nn.LSTM(3, 8, num_layers=2), nn.Linear(8, 2)
    params = [*lstm.parameters(), *head.parameters()]
    optimizer = torch.optim.SGD(params, lr=0.1, momentum=0.9)
    x = torch.randn(6, 2, 3)

    def train_step():
        optimizer.zero_grad()
        loss = head(lstm(x)[0]).pow(2).mean()
        loss.backward()
        optimizer.step()
        return loss

    step = torch.compile(train_step)
    first = [step().item() for _ in range(3)]
    with core.lazy.observe() as seen, jax.transfer_guard("disallow"):
        for _ in range(3):
            loss = step()
    assert not seen.reads
    assert loss.item() < first[0]
    # the backward pulls back from the saved residuals: per layer one forward and one backward loop
    node = lstm(x)[0].node.inputs[0]
    assert node.fn is rnn_module.rnn_kernel_saving
    program = jax.jit(lambda *v: core.backprop.backprop_apply(*v, **_backprop_static(node)))
    hlo = program.lower(*_backprop_args(node)).compile().as_text()
    assert hlo.count(" while(") == 2  # the backward loops of the two layers only


def _backprop_static(node):
    from gradcompat.core.autodiff import _boundary
    from gradcompat.core.program import trace_nodes
    program, _, _ = trace_nodes([core.select(node, 0)], list(node.inputs[-8:]), _boundary(None))
    return {"program": program, "n_wrt": 8}


def _backprop_args(node):
    from gradcompat.core.autodiff import _boundary
    from gradcompat.core.program import trace_nodes
    out = core.select(node, 0)
    _, inputs, computed = trace_nodes([out], list(node.inputs[-8:]), _boundary(None))
    return [*(n.value for n in inputs), *(n.value for n in computed), core.ones_for(out).value]


def test_packed_input_is_one_op():
    m = nn.LSTM(3, 4)
    x = torch.randn(6, 3, 3, requires_grad=True)
    out, (h, _) = m(pack_padded_sequence(x, [6, 4, 2]))
    assert [op.fn for op in _ops(h) if op.fn is not core.graph.getitem].count(rnn_module.rnn_kernel_saving) == 1


def test_long_sequence_runs_fast():
    m = nn.LSTM(8, 32, num_layers=2)
    x = torch.randn(500, 4, 8, requires_grad=True)

    def step():
        out, (h, c) = m(x)
        grads = torch.autograd.grad(out.sum() + h.sum(), [x] + list(m.parameters()))
        for g in grads:  # JAX dispatches asynchronously: wait for the values
            g._value.block_until_ready()
        return grads

    step()  # compiles
    step()
    start = time.perf_counter()
    grads = step()
    elapsed = time.perf_counter() - start
    assert grads[0].shape == (500, 4, 8)
    assert np.isfinite(np.asarray(grads[1].detach())).all()
    assert elapsed < 2.0, f"a compiled 500-step LSTM forward and backward took {elapsed:.2f} s"


def _reorder(w, order_from: str, order_to: str, n: int):
    blocks = dict(zip(order_from, jnp.split(w, len(order_from), axis=0)))
    alias = {"c": "g", "h": "n"}
    return jnp.concatenate([blocks[alias.get(k, k)] for k in order_to], axis=0)


def test_lstm_gate_order_is_a_permutation_of_weight_blocks():
    rng = np.random.default_rng(0)
    h_size = 5
    w = R.Weights(*(jnp.asarray(rng.normal(size=s)) for s in [(20, 3), (20, 5), (20,), (20,)]))
    x, h, c = (jnp.asarray(rng.normal(size=s)) for s in [(2, 3), (2, 5), (2, 5)])
    ref = R.lstm_cell(x, h, c, w)
    keras = R.Weights(*(_reorder(a, "ifgo", "icfo", h_size) for a in w[:4]))
    got = R.lstm_cell(x, h, c, keras, gate_order="icfo")
    np.testing.assert_allclose(got[0], ref[0], rtol=1e-12)
    np.testing.assert_allclose(got[1], ref[1], rtol=1e-12)


def test_gru_orders_and_reset_before():
    rng = np.random.default_rng(1)
    w = R.Weights(*(jnp.asarray(rng.normal(size=s)) for s in [(12, 3), (12, 4), (12,), (12,)]))
    x, h = jnp.asarray(rng.normal(size=(2, 3))), jnp.asarray(rng.normal(size=(2, 4)))
    ref = R.gru_cell(x, h, w)
    zrh = R.Weights(*(_reorder(a, "rzn", "zrn", 4) for a in w[:4]))
    np.testing.assert_allclose(R.gru_cell(x, h, zrh, gate_order="zrh"), ref, rtol=1e-12)
    # reset before the recurrent matmul: n = tanh(x_n + (r * h) @ W_hn.T + b_hn)
    sig = jax.nn.sigmoid
    gx = x @ w.w_ih.T + w.b_ih
    gh = h @ w.w_hh.T + w.b_hh
    r, z = sig(gx[:, :4] + gh[:, :4]), sig(gx[:, 4:8] + gh[:, 4:8])
    n = jnp.tanh(gx[:, 8:] + (r * h) @ w.w_hh[8:].T + w.b_hh[8:])
    np.testing.assert_allclose(R.gru_cell(x, h, w, reset_after=False), (1 - z) * n + z * h, rtol=1e-12)


def test_masked_lengths_match_truncated_sequences():
    rng = np.random.default_rng(2)
    w = [R.Weights(*(jnp.asarray(rng.normal(size=s) * 0.5) for s in [(6, 3), (6, 2), (6,), (6,)]))
         for _ in range(2)]
    x = jnp.asarray(rng.normal(size=(5, 2, 3)))
    zeros = jnp.zeros((2, 2, 2))
    out, h_n, _ = R.run_stack("gru", x, zeros, None, w, num_layers=1, num_directions=2, lengths=jnp.array([5, 3]))
    short, h_short, _ = R.run_stack("gru", x[:3, 1:], zeros[:, 1:], None, w, num_layers=1, num_directions=2)
    np.testing.assert_allclose(out[:3, 1], short[:, 0], rtol=1e-12)
    np.testing.assert_allclose(out[3:, 1], 0)
    np.testing.assert_allclose(h_n[:, 1], h_short[:, 0], rtol=1e-12)


def test_packed_layout_round_trip():
    layout = R.packed_layout([3, 2, 2, 1])
    np.testing.assert_array_equal(layout.lengths, [4, 3, 1])
    data = jnp.arange(8.0)[:, None]
    padded = R.packed_to_padded(data, layout.gather, layout.lengths)
    np.testing.assert_array_equal(R.padded_to_packed(padded, layout.time_of, layout.batch_of), data)
    np.testing.assert_array_equal(R.lengths_to_batch_sizes([4, 3, 1]), [3, 2, 2, 1])


def test_packed_batches_of_varying_lengths_compile_once():
    # an LSTM on packed batches reads the padded tensor, so its programs do not depend on the
    # batch's total length: only the padded shape counts
    m = nn.LSTM(3, 5, batch_first=True)
    x = torch.randn(6, 7, 3, requires_grad=True)
    rng = np.random.default_rng(0)

    def step(lengths):
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        _, (h, _) = m(packed)
        return torch.autograd.grad(h.sum(), list(m.parameters()))

    step([7, 3, 5, 2, 6, 1])
    compiles = core.cache_info().compiles
    for _ in range(3):
        lengths = rng.integers(1, 8, size=6)
        lengths[0] = 7
        step(lengths.tolist())
    assert core.cache_info().compiles == compiles
