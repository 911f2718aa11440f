"""Kernels that save their vjp residuals: the backward pass reads them instead of running the
forward scan again, with the gradients of the plain kernel."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from gradcompat.core import Constant, apply, ones_for, recording, select, vjp
from gradcompat.core import residuals
from gradcompat.core.autodiff import _boundary
from gradcompat.core.backprop import backprop_apply
from gradcompat.core.program import trace_nodes


def scan_kernel(x, w, steps, *, scale: float):
    """A recurrence over time (a while loop) with an integer input and two outputs."""
    def body(h, xt):
        h = jnp.tanh(h @ w + xt * scale)
        return h, h
    final, hs = jax.lax.scan(body, jnp.zeros(w.shape[0], x.dtype), x)
    return hs * (steps > 0), final


saving = residuals.saving_residuals(scan_kernel)


def leaf(value, dtype=jnp.float32, traced=True):
    return Constant(jnp.asarray(value, dtype), traced=traced)


def _inputs():
    rng = np.random.default_rng(0)
    return leaf(rng.normal(size=(6, 3))), leaf(rng.normal(size=(3, 3)) * 0.5), leaf(2, jnp.int32, traced=False)


def _grads(kernel):
    x, w, steps = _inputs()
    node = apply(residuals.kernel_for(kernel, [x, w, steps]), [x, w, steps], {"scale": 0.5})
    out, final = select(node, 0), select(node, 1)
    return node, [g.value for g in vjp([out, final], [x, w], [ones_for(out), ones_for(final)])]


def test_gradients_equal_the_plain_kernel_and_no_forward_loop_remains():
    node, grads = _grads(saving)
    assert node.fn is saving and len(node.value) > 2  # outputs, then the residuals
    _, plain = _grads(residuals.saving_residuals(scan_kernel).plain)
    for a, b in zip(grads, plain):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    # the backward program of the recorded op holds one loop (the backward one), not two
    program, inputs, computed = trace_nodes([select(node, 0)], [node.inputs[0]], _boundary(None))
    cot = ones_for(select(node, 0)).value
    hlo = jax.jit(lambda *v: backprop_apply(*v, program=program, n_wrt=1)).lower(
        *[n.value for n in inputs], *[n.value for n in computed], cot).compile().as_text()
    assert hlo.count(" while(") == 1


def test_plain_kernel_where_no_gradient_is_recorded():
    x, w, steps = _inputs()
    with recording.grad_mode(False):
        assert residuals.kernel_for(saving, [x, w, steps]) is scan_kernel
        node = apply(residuals.kernel_for(saving, [x, w, steps]), [x, w, steps], {"scale": 0.5})
    assert len(node.value) == 2
    assert residuals.kernel_for(saving, [leaf(1.0, traced=False)]) is scan_kernel
    with recording.deferred_mode(True):  # a deferred program may be differentiated later
        assert residuals.kernel_for(saving, [leaf(1.0, traced=False)]) is saving
