# TF2 eager: more tf.math ops common in gradient code, values and gradients.
import numpy as np
import tensorflow as tf
from harness import emit
from tf_grads import value_and_grads


x = np.array([-2.5, -0.5, 0.0, 0.5, 1.5, 2.5], np.float32)
y = np.array([1.0, 2.0, 0.0, -1.0, 0.5, 2.0], np.float32)
m = np.arange(12, dtype=np.float32).reshape(3, 4) / 4 - 1
emit("add_n", value_and_grads(lambda a, b: tf.add_n([a, b, a]), x, y))
emit("squared_difference", value_and_grads(tf.math.squared_difference, x, y))
emit("rounding", [tf.floor(x), tf.math.ceil(x), tf.round(x), tf.math.rint(x)])
emit("rounding_grads", value_and_grads(lambda a: tf.floor(a) + tf.math.ceil(a) + tf.round(a), x))
emit("rsqrt", value_and_grads(tf.math.rsqrt, np.abs(y) + 1))
emit("expm1", value_and_grads(tf.math.expm1, x))
emit("erf", value_and_grads(tf.math.erf, x))
emit("atan2_hypot", [tf.math.atan2(x, y + 3), tf.math.asin(x / 3), tf.math.acos(x / 3), tf.math.atan(x), tf.math.tan(x / 2),
                     tf.math.sinh(x), tf.math.cosh(x)])
emit("predicates", [tf.math.is_nan(x / y), tf.math.is_finite(x / y), tf.math.is_inf(x / y)])
emit("divide_no_nan", value_and_grads(tf.math.divide_no_nan, x, y))
emit("xlogy", value_and_grads(tf.math.xlogy, x, np.abs(y)))
emit("l2_normalize", value_and_grads(lambda a: tf.math.l2_normalize(a, axis=1), m))
emit("nn_l2_normalize", value_and_grads(lambda a: tf.nn.l2_normalize(a, 0), m))
emit("reduce_euclidean_norm", value_and_grads(lambda a: tf.math.reduce_euclidean_norm(a, 1), m))
values, indices = tf.math.top_k(m, k=2)
emit("top_k", [values, indices, tf.nn.top_k(tf.constant([1., 3., 3., 2.]), 2).indices])
emit("top_k_grad", value_and_grads(lambda a: tf.math.top_k(a, 2).values, m))
emit("square_sum", value_and_grads(lambda a: tf.reduce_sum(tf.square(a - 1.0)), m))
emit("int_math", [tf.math.floordiv(tf.constant([7, -7]), 2), tf.math.floormod(tf.constant([7, -7]), 3), tf.math.mod(tf.constant([5.5]), 2.0),
                  tf.math.add_n([tf.constant([1, 2]), tf.constant([3, 4])])])
