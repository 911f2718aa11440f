"""Fast unit tests of the MindSpore dialect (no real MindSpore needed; the golden tests
compare against the real framework)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat
import gradcompat.mindspore as mindspore
from gradcompat.mindspore import Parameter, ParameterTuple, Tensor, nn, ops
from gradcompat.mindspore import dtype as mstype


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.matmul = ops.MatMul()
        self.z = Parameter(Tensor(np.array([1.0], np.float32)), name="z")

    def construct(self, x, y):
        return self.matmul(x * self.z, y)


X = Tensor([[0.5, 0.6, 0.4], [1.2, 1.3, 1.1]], dtype=mstype.float32)
Y = Tensor([[0.01, 0.3, 1.1], [0.1, 0.2, 1.3], [2.1, 1.2, 3.3]], dtype=mstype.float32)


def test_guide_gradient_wrt_x():
    g = ops.GradOperation()(Net())(X, Y)
    np.testing.assert_allclose(g.asnumpy(), [[1.41, 1.6, 6.6]] * 2, rtol=1e-6)
    assert str(g) == "[[1.4100001 1.5999999 6.6      ]\n [1.4100001 1.5999999 6.6      ]]"


def test_output_structures():
    net = Net()
    params = ParameterTuple(net.trainable_params())
    assert isinstance(ops.GradOperation()(net)(X, Y), Tensor)
    all_grads = ops.GradOperation(get_all=True)(net)(X, Y)
    assert isinstance(all_grads, tuple) and len(all_grads) == 2
    by_list = ops.GradOperation(get_by_list=True)(net, params)(X, Y)
    assert isinstance(by_list, tuple) and len(by_list) == 1
    both = ops.GradOperation(get_all=True, get_by_list=True)(net, params)(X, Y)
    assert len(both) == 2 and len(both[0]) == 2 and len(both[1]) == 1
    assert isinstance(ops.GradOperation(get_by_list=True)(net, net.z)(X, Y), Tensor)


def test_sens_and_unused_inputs():
    def f(a, b):
        return a * 3.0, a * a

    ga, gb = ops.GradOperation(get_all=True, sens_param=True)(f)(
        Tensor(2.0), Tensor([1.0, 2.0]), (Tensor(2.0), Tensor(1.0)))
    assert ga.item() == pytest.approx(10.0)
    np.testing.assert_array_equal(gb.asnumpy(), [0.0, 0.0])
    assert gb.dtype == mstype.float32


def test_second_derivative():
    second = ops.GradOperation()(ops.GradOperation()(lambda a: a * a * a))
    assert second(Tensor(2.0)).item() == pytest.approx(12.0)


def test_parameter_names_and_set_data():
    class Holder(nn.Cell):
        def __init__(self, net):
            super().__init__()
            self.net = net
            self.r = Parameter(Tensor([3.0]))

        def construct(self, x):
            return self.net(x, Y) * self.r

    h = Holder(Net())
    assert [p.name for p in h.trainable_params()] == ["r", "net.z"]
    assert [n for n, _ in h.parameters_and_names()] == ["r", "net.z"]
    h.net.z.set_data(Tensor(np.array([2.0], np.float32)))
    np.testing.assert_allclose(h(X).asnumpy(), 2 * 3 * (X.asnumpy() @ Y.asnumpy()), rtol=1e-6)
    assert repr(h.r) == "Parameter (name=r, shape=(1,), dtype=Float32, requires_grad=True)"


def test_dtype_defaults_and_reprs():
    assert Tensor(1.5).dtype == mstype.float32
    assert Tensor([1, 2]).dtype == mstype.int64
    assert Tensor(np.array([1.0])).dtype == mstype.float64
    assert (Tensor([1, 2]) + 1.5).dtype == mstype.float32
    assert (Tensor([1, 2]) / 2).dtype == mstype.float32
    assert repr(mstype.float32) == "mindspore.float32" and str(mstype.float32) == "Float32"
    assert repr(Tensor(1.5)) == "Tensor(shape=[], dtype=Float32, value= 1.5)"
    assert repr(Tensor([1, -20])) == "Tensor(shape=[2], dtype=Int64, value= [  1, -20])"
    assert repr(Tensor([[1.0]])) == "Tensor(shape=[1, 1], dtype=Float32, value=\n[[ 1.00000000e+00]])"


def test_errors():
    with pytest.raises(TypeError, match="the 'get_all' should be bool, but got int"):
        ops.GradOperation(get_all=1)
    with pytest.raises(ValueError, match="x1_col"):
        ops.MatMul()(X, X)
    with pytest.raises(ValueError, match="only one element"):
        Tensor([1.0, 2.0]).item()


def test_context_and_jax_interop():
    assert mindspore.set_context(mode=mindspore.GRAPH_MODE, device_target="CPU") is None
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    t = mindspore.from_jax(jnp.arange(3.0, dtype=jnp.float32))
    assert isinstance(t, Tensor) and t.shape == (3,)
    assert gradcompat.from_jax(jnp.ones(2), "mindspore").shape == (2,)
    doubled = jax.jit(lambda a: a * 2)(t)
    np.testing.assert_array_equal(np.asarray(doubled), [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(np.asarray(gradcompat.to_jax(t)), [0.0, 1.0, 2.0])


def test_compile_cache_hits_in_a_loop():
    net = Net()
    grad = ops.GradOperation(get_by_list=True)
    params = ParameterTuple(net.trainable_params())
    grad(net, params)(X, Y)
    before = gradcompat.cache_info()
    for _ in range(3):
        grad(net, params)(X, Y)
    after = gradcompat.cache_info()
    assert after.misses == before.misses
