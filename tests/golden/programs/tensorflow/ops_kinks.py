# TF2 eager: gradients at ties and kinks (TF's rules, not JAX's defaults).
import numpy as np
import tensorflow as tf
from harness import emit
from tf_grads import value_and_grads


emit("maximum_tie", value_and_grads(tf.maximum, [1.0, 2.0, 3.0], [1.0, 1.0, 3.0]))
emit("minimum_tie", value_and_grads(tf.minimum, [1.0, 2.0, 3.0], [1.0, 1.0, 3.0]))
emit("maximum_scalar_tie", value_and_grads(lambda a: tf.maximum(a, 0.0), [-1.0, 0.0, 1.0]))
emit("abs_zero", value_and_grads(tf.abs, [-1.0, 0.0, 1.0]))
emit("relu_zero", value_and_grads(tf.nn.relu, [-1.0, 0.0, 1.0]))
emit("sqrt_zero", value_and_grads(tf.sqrt, [0.0, 4.0]))
emit("sign_zero", value_and_grads(tf.sign, [-1.0, 0.0, 1.0]))
emit("clip_bounds", value_and_grads(lambda a: tf.clip_by_value(a, 0.0, 1.0), [-1.0, 0.0, 0.5, 1.0, 2.0]))
emit("reduce_max_ties", value_and_grads(tf.reduce_max, [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]))
emit("reduce_max_ties_axis", value_and_grads(lambda a: tf.reduce_max(a, axis=1), [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]))
emit("reduce_min_ties_axis", value_and_grads(lambda a: tf.reduce_min(a, axis=0), [[1.0, 3.0, 3.0], [1.0, 2.0, 3.0]]))
emit("where_nan_branch", value_and_grads(lambda a: tf.where(a > 0, tf.sqrt(a), tf.zeros_like(a)), [-1.0, 0.0, 4.0]))
emit("where_log_branch", value_and_grads(lambda a: tf.where(a > 0, tf.math.log(a), a), [-1.0, 0.0, 4.0]))
emit("pow_zero_base", value_and_grads(tf.pow, [0.0, 0.0, 2.0], [2.0, 0.0, 0.0]))
emit("max_pool_ties", value_and_grads(lambda a: tf.nn.max_pool2d(a, 2, 2, "VALID"),
                                      np.ones((1, 2, 2, 1), np.float32)))
emit("reduce_logsumexp_inf", value_and_grads(tf.reduce_logsumexp, [-np.inf, 0.0, 1.0]))
emit("softplus_large", value_and_grads(tf.math.softplus, [-100.0, 0.0, 100.0]))
emit("log_zero", value_and_grads(tf.math.log, [0.0, 1.0]))
emit("reciprocal_zero", value_and_grads(tf.math.reciprocal, [0.0, 2.0]))
emit("divide_zero", value_and_grads(tf.divide, [1.0, 0.0, -1.0], [0.0, 0.0, 0.0]))
