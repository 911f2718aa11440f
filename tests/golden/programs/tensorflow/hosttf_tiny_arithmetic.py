"""Arithmetic on scalar-sized tensors (gradcompat runs these on the host, in numpy): the exact
bits TF gives (int views, compared exactly as Python ints), float32/float64 subnormals flushed as
TF's CPU kernels flush them (inputs read as zero, results flushed; float16 keeps its own),
overflow to inf without numpy warnings, integer wrap-around, integer true division in float64,
and the gradients of scalar chains under a GradientTape."""
import warnings

import numpy as np
import tensorflow as tf
from harness import emit, emit_text

warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow warnings must not leak


def bits(t):
    a = t.numpy()
    return a.view({2: np.int16, 4: np.int32, 8: np.int64}[a.itemsize]).tolist()


a = tf.constant([1.1, -2.7, 3.3e-3, 7.0])
b = tf.constant([0.3, 1.9, -4.1e5, 3.0])
for name, value in [("add", a + b), ("sub", a - b), ("mul", a * b), ("div", a / b),
                    ("tf_add", tf.add(a, b)), ("tf_subtract", tf.subtract(a, b)),
                    ("tf_multiply", tf.multiply(a, b)), ("tf_divide", tf.divide(a, b)),
                    ("scalar_mul", a * 1e-6), ("rdiv", 1.0 / b), ("radd", 0.1 + a),
                    ("chain", (a + b) * (a - b) / 3.0), ("neg", -a), ("square", tf.square(b)),
                    ("negative", tf.negative(b))]:
    emit(name + "_bits", bits(value))
emit("compare", [(a < b).numpy().tolist(), (a >= b).numpy().tolist(), tf.equal(a, a * 1.0).numpy().tolist(),
                 tf.not_equal(a, b).numpy().tolist(), (a > 1.1).numpy().tolist(), (a <= 1.1).numpy().tolist()])

h = tf.constant([1.1, 2.3, 65000.0], tf.float16)
k = tf.constant([3.7, 1e-3, 600.0], tf.float16)
emit("half_bits", [bits(h + k), bits(h * k), bits(h / k), bits(h - k)])
emit("half_subnormal_kept", bits(tf.constant([1e-6, 6e-8], tf.float16) * 0.5))

d = tf.constant([0.1, 1e300], tf.float64)
emit("double_bits", [bits(d + d), bits(d * d), bits(d / 3.0)])

tiny = tf.constant([1e-39, 3e-45, -1e-39, 1e-30])
emit("subnormal_flushed", [bits(tiny * 1.0), bits(tiny * 1e10), bits(tiny + tiny), bits(tiny / 1e10)])
emit("subnormal_unary", [bits(-tiny), bits(tf.square(tiny)), bits(tf.square(tf.constant([1e-20])))])
emit("subnormal_compares", [(tiny > 0.0).numpy().tolist(), (tiny == 0.0).numpy().tolist()])
emit("subnormal_result", bits(tf.constant([1.2e-38]) * 0.5))
emit("double_subnormal", [bits(tf.constant([1e-310, 1e-300], tf.float64) * 1.0),
                          bits(tf.constant([1e-300], tf.float64) * 1e-10)])
emit("nan_and_subnormal", tf.math.is_nan(tf.constant([np.nan, 1e-39]) * 2.0).numpy().tolist())

big = tf.constant([3e38])
emit("overflow", (big * 10.0).numpy().tolist())
emit("nan", tf.math.is_nan((big * 10.0) - (big * 10.0)).numpy().tolist())
emit("div_by_zero", (tf.constant([1.0, -1.0]) / 0.0).numpy().tolist())
emit("int32_wrap", (tf.constant([2**31 - 1]) + 1).numpy().tolist())
emit("int64_wrap", (tf.constant([2**62], tf.int64) * 4).numpy().tolist())
emit("int8_wrap", (tf.constant([100], tf.int8) + tf.constant([100], tf.int8)).numpy().tolist())
emit("uint8_wrap", (tf.constant([200], tf.uint8) * tf.constant([2], tf.uint8)).numpy().tolist())
q = tf.constant([1, 7, 0]) / tf.constant([3, 0, 0])
emit("int_truediv", [q.dtype.name, bits(q[:2]), tf.math.is_nan(q).numpy().tolist()])
emit("int16_truediv", [(tf.constant([1], tf.int16) / tf.constant([3], tf.int16)).dtype.name,
                       bits(tf.constant([1], tf.int16) / tf.constant([3], tf.int16))])

# host results feed the other ops: a large op, a variable, tf.function
small = a * b
emit("into_large_op", tf.reduce_sum(tf.tile(small, [8]) * tf.ones([32])))
v = tf.Variable([0.0, 0.0, 0.0, 0.0])
v.assign(small)
v.assign_add(a)
emit("variable_bits", bits(v))
emit("in_function", tf.function(lambda t: t * 2.0 + 1.0)(small))

x = tf.Variable(0.5)
with tf.GradientTape() as tape:
    y = x * 1.0
    for _ in range(300):
        y = y + y * 1e-3
emit("chain_value", y)
emit("chain_grad", tape.gradient(y, x))

w = tf.Variable(2.0)
with tf.GradientTape() as tape:
    total = tf.constant(0.0)
    for i in range(20):
        total = total + w * float(i) - 0.5 / w
emit("accumulated", total)
emit("accumulated_grad", tape.gradient(total, w))
emit_text("repr", repr(total))
emit_text("repr_vector", repr(a * b))
