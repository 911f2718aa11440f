# TF2 eager: tf.nn ops (activations, losses, conv2d, pooling, bias_add, dropout), values and gradients.
import numpy as np
import tensorflow as tf
from harness import emit, expect_error
from tf_grads import value_and_grads


rng = np.random.RandomState(1)
logits = rng.randn(3, 4).astype(np.float32)
labels = np.eye(4, dtype=np.float32)[[1, 0, 3]]
images = rng.randn(2, 5, 5, 3).astype(np.float32)
filters = rng.randn(3, 3, 3, 2).astype(np.float32)
emit("relu", value_and_grads(tf.nn.relu, logits))
emit("softmax", value_and_grads(lambda t: tf.nn.softmax(t) * t, logits))
emit("softmax_axis0", value_and_grads(lambda t: tf.nn.softmax(t, axis=0) * t, logits))
emit("math_softmax", tf.math.softmax(logits))
emit("log_softmax", value_and_grads(lambda t: tf.nn.log_softmax(t) * t, logits))
emit("log_softmax_axis", value_and_grads(lambda t: tf.math.log_softmax(t, axis=0) * t, logits))
emit("sigmoid_ce", value_and_grads(lambda l, z: tf.nn.sigmoid_cross_entropy_with_logits(labels=l, logits=z), labels, logits))
emit("softmax_ce", value_and_grads(lambda l, z: tf.nn.softmax_cross_entropy_with_logits(labels=l, logits=z), labels, logits))
emit("softmax_ce_axis0", value_and_grads(lambda l, z: tf.nn.softmax_cross_entropy_with_logits(l, z, axis=0), labels, logits))
emit("sparse_softmax_ce", value_and_grads(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0, 3], logits=z), logits))
emit("sparse_softmax_ce_int64", tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1, 2, 0], tf.int64), logits=logits))
emit("l2_loss", value_and_grads(tf.nn.l2_loss, logits))
emit("bias_add", value_and_grads(tf.nn.bias_add, logits, np.array([1., 2., 3., 4.], np.float32)))
emit("conv2d_valid", value_and_grads(lambda x, w: tf.nn.conv2d(x, w, strides=1, padding="VALID"), images, filters))
emit("conv2d_same_stride2", value_and_grads(lambda x, w: tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="SAME"), images, filters))
emit("conv2d_dilated", value_and_grads(lambda x, w: tf.nn.conv2d(x, w, 1, "SAME", dilations=2), images, filters))
emit("max_pool2d", value_and_grads(lambda x: tf.nn.max_pool2d(x, ksize=2, strides=2, padding="VALID"), images))
emit("max_pool2d_same", value_and_grads(lambda x: tf.nn.max_pool2d(x, 3, [1, 2, 2, 1], "SAME"), images))
emit("max_pool", tf.nn.max_pool(images, 2, 1, "VALID"))
emit("avg_pool2d", value_and_grads(lambda x: tf.nn.avg_pool2d(x, 2, 2, "SAME"), images))
emit("activations", [tf.nn.sigmoid(logits), tf.nn.tanh(logits), tf.nn.elu(logits), tf.nn.leaky_relu(logits),
                     tf.nn.relu6(logits * 5), tf.nn.selu(logits), tf.nn.silu(logits), tf.nn.gelu(logits)])
x = tf.ones([4, 50])
dropped = tf.nn.dropout(x, rate=0.5, seed=1)
kept = dropped.numpy()
emit("dropout_values", sorted(set(kept.ravel().tolist())))
emit("dropout_shape", [dropped.shape.as_list(), str(dropped.dtype)])
emit("dropout_zero_rate", tf.nn.dropout(x, rate=0.0))
expect_error("dropout_rate", lambda: tf.nn.dropout(x, rate=1.5), "`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate=1.5")
expect_error("conv_padding", lambda: tf.nn.conv2d(images, filters, 1, "FULL"), "padding")
