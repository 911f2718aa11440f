# tf.custom_gradient: grad_fn(upstream) for one and several inputs and outputs, the
# grad_fn(upstream, variables=...) contract, inside tf.function, and second derivatives.
import tensorflow as tf
from harness import emit, emit_text, expect_error


@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad


x = tf.constant([0., 100., -3.])
with tf.GradientTape() as t:
    t.watch(x)
    y = log1pexp(x)
emit("value", y)
emit("grad", t.gradient(y, x))


@tf.custom_gradient
def clip_grad(a, b):
    def grad(up):
        return tf.clip_by_value(up, -0.5, 0.5), up * 2
    return a * b, grad


a = tf.constant([1., 2.])
b = tf.constant([3., 4.])
with tf.GradientTape() as t:
    t.watch([a, b])
    z = clip_grad(a, b) * 3.
emit("two_inputs", t.gradient(z, [a, b]))

v = tf.Variable(2.)
names = []


@tf.custom_gradient
def scaled(s):
    y = s * v

    def grad(upstream, variables):
        names.append([w.name for w in variables])
        return upstream * v * 10, [upstream * s * 100]
    return y, grad


s = tf.constant(3.)
with tf.GradientTape() as t:
    t.watch(s)
    out = scaled(s)
emit("with_variables", t.gradient(out, [s, v]))
emit_text("variables_passed", names)


@tf.function
def grad_in_function(x):
    with tf.GradientTape() as t:
        t.watch(x)
        y = log1pexp(x)
    return t.gradient(y, x)


emit("in_function", grad_in_function(x))
with tf.GradientTape() as t2:
    t2.watch(x)
    with tf.GradientTape() as t1:
        t1.watch(x)
        y = log1pexp(x)
    g1 = t1.gradient(y, x)
emit("second_order", t2.gradient(g1, x))


@tf.custom_gradient
def two(x):
    def grad(u1, u2):
        return u1 + 10 * u2
    return (x * 2, x * 3), grad


with tf.GradientTape() as t:
    t.watch(a)
    p, q = two(a)
    total = p + q * q
emit("two_outputs", [t.gradient(total, a), p, q])


@tf.custom_gradient
def scaled_by(x, scale=1.0):
    def grad(up):
        return up * scale * 10
    return x * scale, grad


with tf.GradientTape() as t:
    t.watch(a)
    k = scaled_by(a, scale=3.0)
emit("keyword_argument", [k, t.gradient(k, a)])


@tf.function
def keyword_in_function(x):
    return scaled_by(x, scale=2.0)


expect_error("keyword_in_function", lambda: keyword_in_function(a),
             "The custom_gradient decorator currently supports keywords arguments only when eager execution is enabled.")
