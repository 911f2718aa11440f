# TF2 eager: elementwise math ops, values and gradients, dtype results.
import numpy as np
import tensorflow as tf
from harness import emit
from tf_grads import value_and_grads


x = np.array([-2.0, -0.5, 0.5, 1.5, 3.0], np.float32)
y = np.array([1.0, 2.0, -1.0, 0.5, 2.0], np.float32)
p = np.array([0.5, 1.0, 2.0, 3.0, 4.0], np.float32)
emit("add", value_and_grads(lambda a, b: tf.add(a, b) * b, x, y))
emit("subtract", value_and_grads(lambda a, b: tf.subtract(a, b) * a, x, y))
emit("multiply", value_and_grads(tf.multiply, x, y))
emit("divide", value_and_grads(tf.divide, x, y))
emit("truediv", value_and_grads(tf.truediv, x, y))
emit("pow", value_and_grads(tf.pow, p, y))
emit("square", value_and_grads(tf.square, x))
emit("sqrt", value_and_grads(tf.sqrt, p))
emit("exp", value_and_grads(tf.exp, x))
emit("log", value_and_grads(tf.math.log, p))
emit("log1p", value_and_grads(tf.math.log1p, p))
emit("abs", value_and_grads(tf.abs, x))
emit("negative", value_and_grads(tf.negative, x))
emit("maximum", value_and_grads(tf.maximum, x, y))
emit("minimum", value_and_grads(tf.minimum, x, y))
emit("sin", value_and_grads(tf.sin, x))
emit("cos", value_and_grads(tf.cos, x))
emit("tanh", value_and_grads(tf.tanh, x))
emit("sigmoid", value_and_grads(tf.sigmoid, x))
emit("math_sigmoid", value_and_grads(tf.math.sigmoid, x))
emit("sign", value_and_grads(lambda a: tf.sign(a) * a, x))
emit("reciprocal", value_and_grads(tf.math.reciprocal, y))
emit("softplus", value_and_grads(tf.math.softplus, x))
emit("nn_softplus", value_and_grads(tf.nn.softplus, x))
emit("math_aliases", [tf.math.add(x, y), tf.math.multiply(x, y), tf.math.subtract(x, y), tf.math.divide(x, y),
                      tf.math.exp(x), tf.math.abs(x), tf.math.maximum(x, y), tf.math.square(x), tf.math.sqrt(p),
                      tf.math.tanh(x), tf.math.negative(x), tf.math.sign(x), tf.math.pow(p, 2.0), tf.math.sin(x),
                      tf.math.cos(x), tf.math.minimum(x, y)])
emit("clip_by_value", value_and_grads(lambda a: tf.clip_by_value(a, -1.0, 2.0), x))
emit("clip_tensor_bounds", value_and_grads(lambda a, lo: tf.clip_by_value(a, lo, 2.0), x, y))
emit("where", value_and_grads(lambda a, b: tf.where(a > b, a * a, b), x, y))
emit("where_one_arg", tf.where(tf.constant([[True, False], [False, True]])))
emit("cast", value_and_grads(lambda a: tf.cast(a, tf.float64) * 2.0, x))
emit("cast_int", [tf.cast(x, tf.int32), tf.cast(tf.constant([1, 2]), tf.float32), tf.cast(x > 0, tf.float32),
                  tf.cast(tf.constant([0.0, 2.0]), tf.bool)])
emit("int_ops", [tf.add(tf.constant([1, 2]), 3), tf.multiply(tf.constant([4, 5], tf.int64), 2),
                 tf.constant([7, -7]) // 2, tf.constant([7, -7]) % 3, tf.constant([7., -7.]) // 2., tf.constant([7., -7.]) % 3.,
                 tf.divide(tf.constant([1, 2]), tf.constant([2, 4])), tf.abs(tf.constant([-3, 3])),
                 tf.square(tf.constant([3])), tf.maximum(tf.constant([1, 5]), 3), tf.sign(tf.constant([-2, 0, 2]))])
emit("f64", value_and_grads(lambda a: tf.exp(a) * tf.sin(a), x.astype(np.float64)))
emit("identity", value_and_grads(lambda a: tf.identity(a) * 2.0, x))
emit("comparisons", [tf.equal(x, y), tf.not_equal(x, y), tf.less(x, y), tf.less_equal(x, y), tf.greater(x, y),
                     tf.greater_equal(x, y), tf.math.equal(x, 0.5), tf.logical_and(x > 0, y > 0),
                     tf.logical_or(x > 0, y > 0), tf.logical_not(x > 0)])
