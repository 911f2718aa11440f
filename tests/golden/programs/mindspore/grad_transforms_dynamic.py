"""Tensor(shape=, dtype=) dynamic-shape placeholders and Tensor(shape=, dtype=, init=) lazy
Tensors (init_data, asnumpy), Cell.set_inputs / get_inputs in PYNATIVE_MODE (anything is then
accepted) and in GRAPH_MODE (calls are checked), gradients after set_inputs, the errors."""
import numpy as np
import mindspore as ms
from mindspore import context, nn, ops, Tensor, Parameter
from mindspore.common.initializer import One, Constant
from harness import emit, emit_text, expect_error

lazy = Tensor(shape=(2, 3), dtype=ms.float32, init=One())
emit("lazy_shape", lazy.shape)
emit("lazy_has_init", lazy.has_init)
emit_text("lazy_str", str(Tensor(shape=(2, 3), dtype=ms.float32, init=One())))
emit("init_data_returns_itself", lazy.init_data() is lazy)
emit("lazy_after_init", lazy.asnumpy())
emit("lazy_init_cleared", lazy.init is None)
dyn = Tensor(shape=[None, 3], dtype=ms.float32)
emit_text("placeholder_repr", repr(dyn))
emit("placeholder_shape", dyn.shape)
emit_text("placeholder_dtype", str(dyn.dtype))
emit("placeholder_size", dyn.size)
emit_text("placeholder_1d_repr", repr(Tensor(shape=[None], dtype=ms.float32)))
emit_text("dynamic_rank_repr", repr(Tensor(shape=None, dtype=ms.float32)))
emit_text("dtype_only_repr", repr(Tensor(dtype=ms.int32)))
emit("placeholder_has_init", dyn.has_init)
expect_error("placeholder_asnumpy", dyn.asnumpy, "negative dimensions are not allowed")
expect_error("placeholder_init_data", dyn.init_data, "init_data must be set Tensor.init, init can't be None")

expect_error("lazy_op_before_init", lambda: (Tensor(shape=(2, 3), dtype=ms.float32, init=One()) + 1).asnumpy(),
             "is uninitialized")
emit("lazy_asnumpy_fills", Tensor(shape=(2,), dtype=ms.float32, init=Constant(3)).asnumpy())
emit("lazy_parameter", Parameter(Tensor(shape=(2,), dtype=ms.float32, init=One()), name="p").asnumpy())
emit("static_no_init_zeros", Tensor(shape=(2,), dtype=ms.float32))
expect_error("init_without_dtype", lambda: Tensor(shape=(2,), init=One()),
             "init, dtype and shape must have values at the same time")
expect_error("dynamic_with_init", lambda: Tensor(shape=[None, 3], dtype=ms.float32, init=One()),
             "If setting dynamic shape, dtype must not be None, init must be None")
expect_error("data_and_shape", lambda: Tensor(np.ones(3), shape=[3]),
             "When initializing a tensor with 'input_data', 'shape' should be set to None")
expect_error("bad_shape_type", lambda: Tensor(shape="a", dtype=ms.float32), "the 'shape' should be one of [list, tuple]")


class Net(nn.Cell):
    def construct(self, x, t):
        return x * x * t[0]


class Double(nn.Cell):
    def construct(self, x):
        return x * 2.0


x = Tensor(np.array([1.0, 2.0], np.float32))
t = (Tensor(np.array([3.0], np.float32)), Tensor(np.array([4.0], np.float32)))
net = Net()
emit("get_inputs_unset", net.get_inputs() is None)
net.set_inputs(Tensor(shape=[None], dtype=ms.float32),
               (Tensor(shape=[None], dtype=ms.float32), Tensor(shape=[None], dtype=ms.float32)))
emit("get_inputs_len", len(net.get_inputs()))
emit_text("get_inputs_first", repr(net.get_inputs()[0]))
emit("pynative_after_set_inputs", net(x, t))
emit("pynative_grad_after_set_inputs", ops.GradOperation(get_all=True)(net)(x, t))
d = Double()
d.set_inputs(Tensor(shape=[None], dtype=ms.float32))
emit("pynative_other_rank_accepted", d(Tensor(np.ones((2, 2), np.float32))))
emit("pynative_other_dtype_accepted", d(Tensor(np.array([1, 2], np.int32))))
expect_error("inputs_and_kwargs", lambda: d.set_inputs(Tensor(shape=[None], dtype=ms.float32),
                                                        x=Tensor(shape=[None], dtype=ms.float32)),
             "set_inputs should only set inputs or kwargs")

context.set_context(mode=context.GRAPH_MODE)
g = Double()
g.set_inputs(Tensor(shape=[None], dtype=ms.float32))
emit("graph_matching_call", g(Tensor(np.array([1.0, 2.0, 3.0], np.float32))))
emit("graph_grad", ops.grad(g)(Tensor(np.array([1.0, 2.0], np.float32))))
expect_error("graph_rank", lambda: g(Tensor(np.ones((1, 2), np.float32))),
             "the dims of 1th input must be the same as expected, but got expected: 1, and input: 2")
expect_error("graph_dtype", lambda: g(Tensor(np.array([1, 2], np.int32))),
             "the 1th type should be Tensor[Float32], but got Tensor[Int32]")
expect_error("graph_count", lambda: g(Tensor(np.ones(2, np.float32)), Tensor(np.ones(2, np.float32))),
             "the function construct requires 1 positional argument and 0 default argument, total 1, but got 2")
fixed = Double()
fixed.set_inputs(Tensor(shape=[2], dtype=ms.float32))
expect_error("graph_fixed_dim", lambda: fixed(Tensor(np.ones(3, np.float32))),
             "the shape of 1th input must be the same as expected, but got expected: 2, and input: 3")
rank = Double()
rank.set_inputs(Tensor(shape=None, dtype=ms.float32))
emit("graph_dynamic_rank", rank(Tensor(np.ones((1, 2), np.float32))))
expect_error("graph_set_inputs_arity", lambda: Net().set_inputs(),
             "the function construct requires 2 positional argument, but got 0")
