"""Tensor index assignment (``x[index] = value``): values, dtypes and gradients through it."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from harness import emit, emit_text

a = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))


def assigned(index, value, base=a):
    t = base.copy()
    t[index] = value
    return t


for name, (index, value) in {"int": (0, 1.5), "int_tensor_value": (1, Tensor(np.array([7.0, 8.0, 9.0], np.float32))),
                             "slice": ((slice(None), 1), -1.0), "negative": ((-1, -1), 4),
                             "ellipsis": ((Ellipsis, 0), 2.0), "list": ([1, 0], 3.0),
                             "mask": (a > 2.0, 0.0), "broadcast_row": (slice(0, 2), Tensor(np.array([1.0, 2.0, 3.0], np.float32))),
                             "int_into_float": ((0, 0), 5)}.items():
    out = assigned(index, value)
    emit("set_" + name, out)
    emit_text("set_" + name + "_dtype", str(out.dtype))

ints = Tensor(np.array([1, 2, 3], np.int32))
ints[1] = 2.7
emit("float_into_int", ints)
emit_text("float_into_int_dtype", str(ints.dtype))


def f(x, v):
    y = x * 2.0
    y[0] = v
    y[:, 2] = 0.0
    return y * x


emit("grad_through_setitem", ops.GradOperation(get_all=True)(f)(a, Tensor(np.array([1.0, 2.0, 3.0], np.float32))))

from mindspore import Parameter
p = Parameter(Tensor(np.zeros(3, np.float32)), name="p")
p[1] = 2.0
emit("parameter_setitem", p)
emit_text("parameter_setitem_repr", repr(p))
