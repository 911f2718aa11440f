# TF2 eager: Tensor operators and methods, their dtypes and reprs.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

a = tf.constant([[1., -2.], [3., 4.]])
i = tf.constant([7, -3])
emit("arith", [a + a, a - 1., 2. - a, a * a, a / 2., 1. / a, a ** 2, 2. ** a, a @ a, -a, abs(a), a // 2., a % 3.])
emit("int_arith", [i + 1, i - 1, i * i, i / 2, i // 2, i % 2, i ** 2, -i, abs(i), 10 // i, 10 % i])
emit("compare", [a > 0, a >= 1., a < 3., a <= -2., 0. < a, i > 0])
emit("bool_ops", [(a > 0) & (a < 4.), (a > 0) | (a < -1.), ~(a > 0), (a > 0) ^ (a > 2.)])
emit("getitem", [a[0], a[:, 1], a[-1, -1], a[0:1], a[None, 1]])
emit("methods", [a.numpy(), a.shape.as_list(), a.ndim, str(a.dtype), int(i[0]), float(a[0, 0]), len(a)])
emit_text("reprs", [repr(a[0, 0]), repr(i), repr(a > 0), repr(i / 2), repr(tf.constant(1.5)), repr(tf.constant([], tf.float32)),
                    repr(tf.constant(2, tf.int64)), repr(tf.constant([True, False]))])
emit_text("strs", [str(a), str(i), str(a[0, 0])])
emit_text("shape_texts", [repr(a.shape), str(a.shape), repr(a.dtype), repr(tf.reduce_sum(a).shape)])
emit("numpy_interop", [np.add(a, 1.0), np.asarray(a).dtype.name, a.numpy().sum()])
emit("equality", [a == a, a == 1., i != 7, a == None, a != None, a == tf.ones([3]), a != tf.ones([3]), i == [7, 0]])  # noqa: E711
emit("iterate", [list(a), [r * 2 for r in i]])
first, second = a
emit("unpack", [first, second])
expect_error("iterate_scalar", lambda: list(tf.constant(1.)), "Cannot iterate over a scalar tensor.")
