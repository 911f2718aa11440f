"""tf.linalg.band_part: values, gradient, in tf.function, TF's kernel errors."""
import numpy as np
import tensorflow as tf

from harness import emit, expect_error

x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
for lower, upper in [(0, 0), (1, 0), (-1, 0), (0, -1), (2, 1), (-1, -1)]:
    emit(f"band_{lower}_{upper}", tf.linalg.band_part(x, lower, upper))
emit("band_int", tf.linalg.band_part(tf.ones((3, 3), tf.int32), 0, 1))
emit("band_tensor_args", tf.linalg.band_part(x, tf.constant(1, tf.int64), tf.constant(0, tf.int64)))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.reduce_sum(tf.linalg.band_part(x, 1, 0) * x)
emit("grad", tape.gradient(y, x))
emit("in_function", tf.function(lambda t: tf.linalg.band_part(t, -1, 0))(x))
expect_error("lower_too_big", lambda: tf.linalg.band_part(x, 4, 0), "num_lower must be negative or less or equal")
expect_error("upper_too_big", lambda: tf.linalg.band_part(x, 0, 5), "num_upper must be negative or less or equal")
expect_error("scalar", lambda: tf.linalg.band_part(tf.constant(1.0), 0, 0), "input must be at least 2-dim")
