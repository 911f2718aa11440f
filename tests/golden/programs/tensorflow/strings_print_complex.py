# String tensors (constants, reprs, tf.strings basics), tf.print's text eagerly and inside
# tf.function (each call prints), complex tensors and their gradients, strings on a tape.
import os
import tempfile

import tensorflow as tf
from harness import emit, emit_text

s = tf.constant("Hello")
v = tf.constant(["a", "bc"])
emit_text("string_reprs", "\n".join([repr(s), str(s), repr(v), str(v), str(s.dtype), repr(tf.string)]))
emit("string_numpy", [s.numpy().decode(), [b.decode() for b in v.numpy()]])
emit_text("strings_ops", "\n".join(map(str, [
    tf.strings.join([v, "x"], separator="-"), tf.strings.length(v), tf.strings.upper(v),
    tf.strings.lower(tf.constant("MiXed")), tf.strings.strip(tf.constant("  pad ")),
    tf.strings.reduce_join(v, separator=","), tf.strings.as_string(tf.constant([1.5, 2.0])),
    tf.strings.to_number(tf.constant(["1.5", "2"])), tf.strings.regex_replace(tf.constant("a1b22"), r"\d+", "#"),
    tf.strings.substr(tf.constant("abcdef"), 1, 3), tf.strings.format("x={} y={}", (tf.constant([1, 2]), 3.5))])))

log = os.path.join(tempfile.mkdtemp(), "printed.txt")
stream = "file://" + log
tf.print(tf.constant([1.5, 2.0, 1e-8, 123456789.0]), tf.constant(["a", "bc"]), tf.constant("s"), 3, 2.5, None,
         True, tf.constant(True), tf.range(10), tf.constant([[0.1, 0.2], [0.3, 0.4]], tf.float64),
         output_stream=stream)
tf.print(tf.reshape(tf.range(100), [10, 10]), output_stream=stream)
tf.print("a", "b", sep="|", end="!\n", output_stream=stream)
tf.print({"k": tf.constant(1)}, [tf.constant(1.0), 2], output_stream=stream)
tf.print(tf.constant(1 / 3), tf.constant(1 / 3, tf.float64), tf.constant([1, 2], tf.int64), summarize=-1,
         output_stream=stream)
tf.print(tf.range(10), summarize=2, output_stream=stream)


@tf.function
def step(x):
    tf.print("x is", x, "sum", tf.reduce_sum(x), output_stream=stream)
    y = x * 2
    tf.print("y", y, output_stream=stream)
    return y


step(tf.constant([1.0, 2.0]))
step(tf.constant([3.0, 4.0]))
emit_text("printed", open(log).read())

c = tf.constant([1 + 2j, 3 - 1j])
emit_text("complex_reprs", "\n".join([repr(c), str(tf.complex(1.0, 2.0)), str(tf.math.conj(c))]))
emit("complex_parts", [tf.math.real(c), tf.math.imag(c), tf.abs(c), tf.math.angle(c)])
x = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.math.real(tf.complex(x, x) * tf.complex(x, 1.0))
emit("complex_gradient", tape.gradient(y, x))

with tf.GradientTape() as tape:
    tape.watch(x)
    tape.watch(s)
    z = x * x
emit("string_target_and_source", [tape.gradient(s, x) is None])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    tape.watch(s)
    z = x * x
emit("mixed_targets", [tape.gradient([x, z, s], [x, s])[0], tape.gradient([x, z, s], [x, s])[1] is None,
                       tape.gradient(s, s) is None])
