# tf.function: traced once per input signature (Python side effects at trace time), same
# numbers as eager, variables read and assigned inside (in program order), nested structures,
# a GradientTape training step compiled as one function.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

traces = []


@tf.function
def scale(a, n):
    traces.append(n)
    return a * n


emit("calls", [scale(tf.constant(1.), 2), scale(tf.constant(2.), 2), scale(tf.constant(2.), 3),
               scale(tf.constant([2., 5.]), 3)])
emit("python_side_effects", traces)
emit("tracing_count", scale.experimental_get_tracing_count())
emit_text("symbolic_arg", [str(t) for t in traces])
seen = []


@tf.function
def show(a):
    seen.append(str(a))
    return a + 1.


show(tf.constant([1., 2.]))
show(tf.constant([3., 4.]))
emit_text("symbolic_repr", seen)

v = tf.Variable(1.)


@tf.function
def bump():
    v.assign_add(1.)
    return v.read_value() * 2, v + 0


emit("read_after_assign", bump())
emit("variable_after", v)
emit("again", bump())


@tf.function
def structured(d):
    return {'sum': d['a'] + d['b'][0], 'pair': (d['a'] * 2, d['b'][1])}


emit("structures", structured({'a': tf.constant(1.), 'b': [tf.constant(2.), tf.constant(3.)]}))

rng = np.random.default_rng(0)
X = tf.constant(rng.normal(size=(8, 3)).astype(np.float32))
Y = tf.constant(rng.normal(size=(8, 1)).astype(np.float32))
w = tf.Variable(np.array([[0.1], [-0.2], [0.3]], np.float32))
b = tf.Variable(np.zeros(1, np.float32))


@tf.function
def step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    gw, gb = tape.gradient(loss, [w, b])
    w.assign_sub(0.1 * gw)
    b.assign_sub(0.1 * gb)
    return loss


def eager_step(x, y, w, b):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    gw, gb = tape.gradient(loss, [w, b])
    w.assign_sub(0.1 * gw)
    b.assign_sub(0.1 * gb)
    return loss


losses = [step(X, Y) for _ in range(5)]
emit("losses", losses)
emit("weights", [w, b])
emit("step_traces", step.experimental_get_tracing_count())
w2 = tf.Variable(np.array([[0.1], [-0.2], [0.3]], np.float32))
b2 = tf.Variable(np.zeros(1, np.float32))
emit("eager_losses", [eager_step(X, Y, w2, b2) for _ in range(5)])
emit("same_as_eager", [np.allclose(w.numpy(), w2.numpy()), np.allclose(b.numpy(), b2.numpy())])


@tf.function
def outer(a):
    return scale(a, 10) + 1.


emit("nested_function", outer(tf.constant(2.)))
emit("inner_traces_after_nesting", scale.experimental_get_tracing_count())


@tf.function(reduce_retracing=True)
def decorated_with_args(a):
    return tf.reduce_sum(a * a)


emit("decorator_args", decorated_with_args(tf.constant([1., 2., 3.])))


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
def row_norms(x):
    traces.append(str(x))
    return tf.reduce_sum(x * x, axis=1)


emit("signature_calls", [row_norms(tf.constant([[1., 2.]])), row_norms(tf.constant([[1., 2.], [3., 4.]])),
                         row_norms([[0.5, 1.]])])
emit("signature_traces", row_norms.experimental_get_tracing_count())
emit_text("signature_symbolic", traces[-1])
emit_text("spec_repr", [repr(tf.TensorSpec([None, 2], tf.float32, name="x")), repr(tf.TensorSpec([3], tf.int32))])
expect_error("signature_dtype", lambda: row_norms(tf.constant([[1, 2]])),
             "Binding inputs to tf.function failed due to `Can not cast TensorSpec(shape=(1, 2), dtype=tf.int32, "
             "name=None) to TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)`")
expect_error("signature_shape", lambda: row_norms(tf.constant([1., 2.])),
             "Can not cast TensorSpec(shape=(2,), dtype=tf.float32, name=None) to TensorSpec(shape=(None, 2)")
plus_one = tf.function(lambda x: x + 1)
emit("python_number_results", [plus_one(tf.constant(1.)), plus_one(2.0), plus_one(3.0)])
emit("python_number_traces", plus_one.experimental_get_tracing_count())

counter = tf.Variable(1.)


@tf.function
def accumulate(x):
    traces.append("accumulate")
    counter.assign_add(x)
    return counter * 2


concrete = accumulate.get_concrete_function(tf.constant(1.))
emit("concrete_traced_not_run", [counter, accumulate.experimental_get_tracing_count()])
emit("concrete_call", [concrete(tf.constant(2.)), counter, accumulate.experimental_get_tracing_count()])
