"""Unit tests of the MindSpore dialect's ops, tensor methods, seeds and initializers that
do not need the real MindSpore (the golden programs ops_*, tensor_*, initializers compare
values, dtypes, gradients and errors with it)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat
import gradcompat.mindspore as mindspore
from gradcompat.mindspore import Tensor, ops
from gradcompat.mindspore import dtype as mstype
from gradcompat.mindspore.common import initializer as init

RNG = np.random.RandomState(0)
X = Tensor(RNG.uniform(-1, 1, (2, 3, 5, 5)).astype(np.float32))
W = Tensor(RNG.uniform(-1, 1, (4, 3, 3, 3)).astype(np.float32))
M = Tensor(RNG.uniform(-1, 1, (2, 3)).astype(np.float32))

# every primitive's static attributes must be hashable: the compile cache keys on them
GRAD_CASES = {
    "conv2d_pad": lambda x, w: ops.Conv2D(4, 3, pad_mode="pad", pad=(1, 0, 2, 1), stride=2)(x, w),
    "max_pool": lambda x, w: ops.MaxPool(2, 2)(x) * 2.0,
    "bias_add": lambda x, w: ops.BiasAdd()(x, Tensor(np.ones(3, np.float32))),
    "slice_index": lambda x, w: x[:, 1:, ::2, None],
    "array_index": lambda x, w: x[[1, 0], ..., Tensor(np.array([0, 2], np.int32))],
    "softmax_axes": lambda x, w: ops.Softmax(axis=(1, 2))(x),
    "reduce_axes": lambda x, w: ops.ReduceMax(keep_dims=True)(x, [1, -1]),
    "max_method": lambda x, w: x.max(axis=2),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_repeated_gradients_hit_the_compile_cache(name):
    fn = GRAD_CASES[name]
    grad = ops.GradOperation(get_all=True)(fn)
    first = [g.asnumpy() for g in grad(X, W)]
    before = gradcompat.cache_info()
    for _ in range(2):
        again = [g.asnumpy() for g in grad(X, W)]
    after = gradcompat.cache_info()
    assert after.hits > before.hits
    for a, b in zip(first, again):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_seed_makes_initializers_and_keys_repeat():
    mindspore.set_seed(7)
    first = init.initializer("he_uniform", (3, 4)).asnumpy()
    key = mindspore._random.next_key()
    mindspore.set_seed(7)
    np.testing.assert_array_equal(init.initializer("he_uniform", (3, 4)).asnumpy(), first)
    np.testing.assert_array_equal(np.asarray(mindspore._random.next_key()), np.asarray(key))
    assert mindspore.get_seed() == 7


def test_initializer_objects_fill_numpy_arrays_in_place():
    arr = np.zeros((2, 3), np.float16)
    init.TruncatedNormal(sigma=1.0, a=-0.5, b=0.5)(arr)
    assert arr.dtype == np.float16 and np.all(np.abs(arr) <= 0.5) and np.any(arr != 0)
    out = init.initializer(init.Uniform(0.1), [4, 5], mstype.float64)
    assert out.dtype == mstype.float64 and out.shape == (4, 5) and np.all(np.abs(out.asnumpy()) <= 0.1)
    assert isinstance(out.init, init.Uniform) and out.init_data() is out


def test_assign_updates_parameter_and_returns_tensor():
    p = mindspore.Parameter(Tensor(np.zeros(2, np.float32)), name="p")
    out = ops.AssignAdd()(p, Tensor(np.ones(2, np.float32)))
    assert type(out) is Tensor
    np.testing.assert_array_equal(p.asnumpy(), [1.0, 1.0])


def test_primitive_repr_lists_attributes():
    assert repr(ops.Softmax(axis=0)) == "Prim[Softmax]<axis=0>"
    assert repr(ops.Exp()) == "Prim[Exp]"


def test_assign_add_inside_jit_is_a_deferred_write():
    p = mindspore.Parameter(Tensor(np.zeros(2, np.float32)), name="p")

    @mindspore.jit
    def step(x):
        return ops.AssignAdd()(p, x * 2)

    for _ in range(3):
        out = step(Tensor(np.ones(2, np.float32)))
    np.testing.assert_array_equal(p.asnumpy(), [6.0, 6.0])
    np.testing.assert_array_equal(out.asnumpy(), [6.0, 6.0])


def test_operations_module_holds_every_primitive_once():
    from gradcompat.mindspore.ops import operations as P
    assert len(P.__all__) == len(set(P.__all__))
    for name in ("MatMul", "Conv2D", "SoftmaxCrossEntropyWithLogits", "Assign", "Shape", "Primitive"):
        assert getattr(P, name) is getattr(ops, name)
