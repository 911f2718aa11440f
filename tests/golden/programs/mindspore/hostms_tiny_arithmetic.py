"""Arithmetic on scalar-sized tensors (gradcompat runs these on the host, in numpy): the exact
bits MindSpore gives (int views, compared exactly as Python ints), subnormal numbers kept as
MindSpore's CPU kernels keep them, Python scalars converted as MindSpore converts them (a float
through Float32, an int through Int64 with wrap-around), overflow to inf without numpy warnings,
integer wrap-around, and the gradients of scalar chains (ops.grad)."""
import warnings

import numpy as np
import mindspore as ms
from mindspore import Tensor, ops
from harness import emit, emit_text

warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow warnings must not leak


def bits(t):
    a = t.asnumpy()
    return a.view({2: np.int16, 4: np.int32, 8: np.int64}[a.itemsize]).tolist()


# first: MindSpore 2.10's CPU kernels keep subnormal numbers in a fresh process, but once some ops
# have run, a kernel may land on a pool thread that flushes them (which one depends on the op)
tiny = Tensor(np.array([1e-39, 3e-45, -1e-39, 1e-30], np.float32))
emit("subnormal_kept", [bits(tiny * 1.0), bits(tiny * 1e10), bits(tiny + tiny), bits(tiny / 1e10)])
emit("subnormal_unary", [bits(-tiny), bits(ops.square(tiny)), bits(ops.square(Tensor(np.array([1e-20], np.float32))))])
emit("subnormal_compares", [(tiny > 0.0).asnumpy().tolist(), (tiny == 0.0).asnumpy().tolist()])
emit("subnormal_scalar", bits(Tensor(np.array([1.0], np.float32)) * 1e-42))
emit("double_subnormal", [bits(Tensor(np.array([1e-310, 1e-300])) * 1.0), bits(Tensor(np.array([1e-300])) * 1e-10)])

a = Tensor(np.array([1.1, -2.7, 3.3e-3, 7.0], np.float32))
b = Tensor(np.array([0.3, 1.9, -4.1e5, 3.0], np.float32))
for name, value in [("add", a + b), ("sub", a - b), ("mul", a * b), ("div", a / b),
                    ("ops_add", ops.add(a, b)), ("ops_sub", ops.sub(a, b)), ("ops_mul", ops.mul(a, b)),
                    ("ops_div", ops.div(a, b)), ("prim_add", ops.Add()(a, b)), ("prim_realdiv", ops.RealDiv()(a, b)),
                    ("scalar_mul", a * 1e-6), ("rdiv", 1.0 / b), ("radd", 0.1 + a), ("rsub", 2 - a),
                    ("chain", (a + b) * (a - b) / 3.0), ("neg", -a), ("square", ops.square(b)),
                    ("neg_op", ops.neg(b))]:
    emit(name + "_bits", bits(value))
emit("compare", [(a < b).asnumpy().tolist(), (a >= b).asnumpy().tolist(), ops.equal(a, a * 1.0).asnumpy().tolist(),
                 (a != b).asnumpy().tolist(), (a > 1.1).asnumpy().tolist(), (a <= 1.1).asnumpy().tolist()])

h = Tensor(np.array([1.1, 2.3, 65000.0], np.float16))
k = Tensor(np.array([3.7, 1e-3, 600.0], np.float16))
emit("half_bits", [bits(h + k), bits(h * k), bits(h / k), bits(h - k), bits(h * 0.1)])
emit("half_overflow", (h * 1e6).asnumpy().tolist())

d = Tensor(np.array([0.1, 1e300]))
emit("double_bits", [bits(d + d), bits(d * d), bits(d / 3.0)])
one = Tensor(np.array([1.0]))
emit("double_python_float", [bits(one * 0.1), bits(one + 0.1), bits(one / 0.1), bits(0.1 * one),
                             bits(one * np.float64(0.1)), (Tensor(np.array([0.1])) == 0.1).asnumpy().tolist()])

big = Tensor(np.array([3e38], np.float32))
emit("overflow", [(big * 10.0).asnumpy().tolist(), (big * 1e40).asnumpy().tolist()])
emit("nan", np.isnan(((big * 10.0) - (big * 10.0)).asnumpy()).tolist())
emit("div_by_zero", (Tensor(np.array([1.0, -1.0], np.float32)) / 0.0).asnumpy().tolist())
emit("int32_wrap", (Tensor(np.array([2**31 - 1], np.int32)) + 1).asnumpy().tolist())
emit("int64_wrap", (Tensor(np.array([2**62])) * 4).asnumpy().tolist())
emit("int8_wrap", [(Tensor(np.array([100], np.int8)) + Tensor(np.array([100], np.int8))).asnumpy().tolist(),
                   (Tensor(np.array([1], np.int8)) + 300).asnumpy().tolist(),
                   (Tensor(np.array([1], np.int8)) == 257).asnumpy().tolist()])
emit("uint8_wrap", [(Tensor(np.array([200], np.uint8)) * Tensor(np.array([2], np.uint8))).asnumpy().tolist(),
                    (Tensor(np.array([1], np.uint8)) - 3).asnumpy().tolist()])
emit("numpy_scalars", [[str(r.dtype), r.asnumpy().tolist()] for r in (
    Tensor(np.array([1], np.int8)) * np.int64(300), Tensor(np.array([1.0], np.float16)) * np.float32(2.5),
    Tensor(np.array([True])) * np.int32(7), Tensor(np.array([1], np.int8)) + np.float16(2.5))])
emit("int32_python_int", (Tensor(np.array([1], np.int32)) + 2**40).asnumpy().tolist())
q = Tensor(np.array([1, 7, 0], np.int32)) / Tensor(np.array([3, 0, 0], np.int32))
emit("int_div", [str(q.dtype), bits(q[:2]), np.isnan(q.asnumpy()).tolist()])
emit("mixed", [str((Tensor(np.array([3], np.int32)) * 2.5).dtype), (Tensor(np.array([3], np.int32)) * 2.5).asnumpy().tolist(),
               bits(3.7 - Tensor(np.array([1], np.int32)))])

# host results feed the other ops: a large op, a Parameter
small = a * b
emit("into_large_op", ops.sum(ops.tile(small, (8,)) * ops.ones(32, ms.float32)))
p = ms.Parameter(Tensor(np.zeros(4, np.float32)), name="p")
ops.assign(p, small)
ops.AssignAdd()(p, a)
emit("parameter_bits", bits(p))


def chain(x):
    y = x * 1.0
    for _ in range(300):
        y = y + y * 1e-3
    return y


x0 = Tensor(np.array([0.5], np.float32))
emit("chain_value", chain(x0))
emit("chain_grad", ops.grad(chain)(x0))


def accumulate(w):
    total = Tensor(0.0, ms.float32)
    for i in range(20):
        total = total + w * float(i) - 0.5 / w
    return total


w0 = Tensor(2.0, ms.float32)
emit("accumulated", accumulate(w0))
emit("accumulated_grad", ops.grad(accumulate)(w0))
value, grad = ops.value_and_grad(lambda u, v: (u * v - u / v).sum(), grad_position=(0, 1))(a, b)
emit("value_and_grad", [value, grad])
emit_text("repr", repr(accumulate(w0)))
emit_text("repr_vector", repr(a * b))
