"""ops.isnan / isinf / isfinite (functions, primitives, Tensor methods) and ops.assign_add /
assign_sub / AssignAdd / AssignSub on Parameters: in PYNATIVE and inside a GRAPH_MODE Cell."""
import numpy as np
import mindspore as ms
from mindspore import Parameter, Tensor, nn, ops
from harness import emit, emit_text, expect_error

ms.set_context(mode=ms.PYNATIVE_MODE)
x = Tensor(np.array([1.0, np.nan, np.inf, -np.inf, 0.0], np.float32))
emit("isnan", ops.isnan(x))
emit("isinf", ops.isinf(x))
emit("isfinite", ops.isfinite(x))
emit("m_isnan", x.isnan())
emit("m_isinf", x.isinf())
emit("m_isfinite", x.isfinite())
emit("p_isnan", ops.IsNan()(x))
emit("p_isinf", ops.IsInf()(x))
emit("p_isfinite", ops.IsFinite()(x))
emit_text("repr_isnan", repr(ops.IsNan()))
emit_text("dtype_isnan", ops.isnan(x).dtype)
xi = Tensor(np.array([1, 2], np.int32))
emit("isnan_int", ops.isnan(xi))
emit("isfinite_int", ops.isfinite(xi))
emit("isnan_f64", ops.isnan(Tensor(np.array([np.nan, 2.0]))))
emit("isnan_0d", ops.isnan(Tensor(np.float32(np.nan))))
emit("isnan_2d", ops.isnan(Tensor(np.array([[np.nan, 1.0], [2.0, np.nan]], np.float32))))
# a mask in a computation, and the gradient through a where on it
w = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
d = Tensor(np.array([1.0, 0.0, 2.0], np.float32))


def masked(w):
    q = w / d
    return ops.where(ops.isfinite(q), q, ops.zeros_like(q)).sum()


emit("masked", masked(w))
emit("masked_grad", ops.grad(masked)(w))
expect_error("isnan_float", lambda: ops.isnan(3.0), "must be Tensor")
expect_error("isnan_list", lambda: ops.isnan([1.0]), "must be Tensor")
expect_error("isinf_int", lambda: ops.isinf(1), "Failed calling IsInf")
expect_error("isfinite_float", lambda: ops.isfinite(2.0), "Failed calling IsFinite")
expect_error("isinf_none", lambda: ops.isinf(None), "Failed calling IsInf")

# assign_add / assign_sub in PYNATIVE
p = Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="p")
r = ops.assign_add(p, Tensor(np.array([1.0, 1.0], np.float32)))
emit("add_ret", r)
emit("add_p", p)
emit_text("add_ret_type", type(r).__name__)
r = ops.assign_sub(p, Tensor(np.array([0.5, 0.5], np.float32)))
emit("sub_ret", r)
emit("sub_p", p)
emit("add_prim", ops.AssignAdd()(p, Tensor(np.array([2.0, 2.0], np.float32))))
emit("add_prim_p", p)
emit("sub_prim", ops.AssignSub()(p, Tensor(np.array([1.0, 3.0], np.float32))))
emit("sub_prim_p", p)
emit("add_int_value", ops.assign_add(p, Tensor(np.array([1, 1], np.int32))))
emit("sub_f16_value", ops.assign_sub(p, Tensor(np.array([1, 1], np.float16))))
emit("after_dtype_ok", p)
emit_text("p_repr", repr(p))
emit_text("repr_assign_add", repr(ops.AssignAdd()))
emit_text("repr_assign_sub", repr(ops.AssignSub()))
emit("assign", ops.assign(p, Tensor(np.array([7.0, 8.0], np.float32))))
emit("assign_p", p)
# a plain Tensor is updated in place too
t = Tensor(np.array([1.0, 2.0], np.float32))
ops.assign_add(t, Tensor(np.array([1.0, 2.0], np.float32)))
emit("tensor_in_place", t)
pi = Parameter(Tensor(np.array([1, 2], np.int32)), name="pi")
emit("int_param_add", ops.assign_add(pi, Tensor(np.array([3, 4], np.int32))))
emit("int_param", pi)
expect_error("add_scalar_rank", lambda: ops.assign_add(p, 1.0), "must have the same rank")
expect_error("sub_scalar_rank", lambda: ops.assign_sub(p, 1.0), "must have the same rank")
expect_error("add_rank", lambda: ops.assign_add(p, Tensor(np.ones((1, 2), np.float32))), "same rank")
expect_error("add_shape", lambda: ops.assign_add(p, Tensor(np.ones(3, np.float32))), "must have the same shape")
expect_error("add_bcast", lambda: ops.assign_add(p, Tensor(np.ones(1, np.float32))), "must have the same shape")
expect_error("add_f64", lambda: ops.assign_add(p, Tensor(np.ones(2, np.float64))), "Data type conversion is not supported")
expect_error("sub_int_float", lambda: ops.assign_sub(pi, Tensor(np.ones(2, np.float32))), "cannot be converted")
expect_error("add_str", lambda: ops.assign_add(p, "a"), "Failed calling AssignAdd")
expect_error("sub_str", lambda: ops.assign_sub(p, "a"), "Failed calling AssignSub")
expect_error("add_numpy_var", lambda: ops.assign_add(np.ones(2, np.float32), p), "Failed calling AssignAdd")
emit("unchanged_after_errors", p)


# inside GRAPH_MODE Cells: the Parameter is updated by each call
class Counter(nn.Cell):
    def __init__(self):
        super().__init__()
        self.count = Parameter(Tensor(np.zeros(2, np.float32)), name="count", requires_grad=False)
        self.add = ops.AssignAdd()

    def construct(self, x):
        self.add(self.count, x)
        ops.assign_sub(self.count, x * 0.5)
        return self.count * 2.0


class Acc(nn.Cell):
    def __init__(self):
        super().__init__()
        self.acc = Parameter(Tensor(np.ones(2, np.float32)), name="acc", requires_grad=False)

    def construct(self, x):
        bad = ops.isnan(x)
        clean = ops.where(bad, ops.zeros_like(x), x)
        ops.assign_add(self.acc, clean)
        return bad


ms.set_context(mode=ms.GRAPH_MODE)
c = Counter()
v = Tensor(np.array([2.0, 4.0], np.float32))
emit("graph_out1", c(v))
emit("graph_count1", c.count)
emit("graph_out2", c(v))
emit("graph_count2", c.count)
a = Acc()
emit("graph_isnan", a(Tensor(np.array([np.nan, 3.0], np.float32))))
emit("graph_acc", a.acc)
emit("graph_isnan2", a(Tensor(np.array([1.0, np.nan], np.float32))))
emit("graph_acc2", a.acc)
ms.set_context(mode=ms.PYNATIVE_MODE)
