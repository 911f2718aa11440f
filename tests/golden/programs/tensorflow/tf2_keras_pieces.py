# Keras pieces around a GradientTape loop: losses (reductions, sample weights, probabilities
# or logits), Dense on 3-D inputs, Input-built Sequential, a subclassed Model's variables,
# frozen layers, set_weights errors, optimizers skipping None gradients.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

y_true = tf.constant([[0., 1.], [1., 1.], [2., 0.]])
y_pred = tf.constant([[0.5, 1.5], [1., 0.], [1., 1.]])
mse = tf.keras.losses.MeanSquaredError()
emit("mse", mse(y_true, y_pred))
emit("mse_weighted", mse(y_true, y_pred, sample_weight=tf.constant([1., 0., 2.])))
emit("mse_sum", tf.keras.losses.MeanSquaredError(reduction="sum")(y_true, y_pred))
emit("mse_none", tf.keras.losses.MeanSquaredError(reduction=None)(y_true, y_pred))
emit("mse_rank_mismatch", mse(tf.constant([1., 2., 3.]), tf.constant([[1.5], [2.], [2.]])))
labels = tf.constant([2, 0, 1])
logits = tf.constant([[1., 2., 3.], [2., -1., 0.5], [0., 0., 0.]])
probs = tf.nn.softmax(logits)
emit("sce_logits", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits))
emit("sce_probs", tf.keras.losses.SparseCategoricalCrossentropy()(labels, probs))
emit("sce_probs_unnormalized", tf.keras.losses.SparseCategoricalCrossentropy()(labels, tf.constant(
    [[0.2, 0.2, 0.4], [0.9, 0., 0.1], [0.3, 0.3, 0.3]])))
emit("sce_column_labels", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
    tf.constant([[2], [0], [1]]), logits))
with tf.GradientTape() as tape:
    tape.watch(logits)
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)
emit("sce_grad", tape.gradient(loss, logits))

tf.keras.backend.clear_session()
dense = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
seq_in = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
emit("dense_3d", dense(seq_in))
emit_text("dense_names", [dense.name, dense.kernel.path, dense.bias.path, str(dense.kernel.shape)])
model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2, kernel_initializer="ones")])
emit("input_built", [model.built, len(model.trainable_variables)])
emit_text("input_built_paths", [v.path for v in model.trainable_variables])


class TwoLayers(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(3, activation="relu", kernel_initializer="ones")
        self.out = tf.keras.layers.Dense(1, kernel_initializer=tf.keras.initializers.Constant(0.5))

    def call(self, x):
        return self.out(self.hidden(x))


net = TwoLayers()
emit("subclassed_out", net(np.array([[1., -2., 0.5]], np.float32)))
emit_text("subclassed_paths", [net.name] + [v.path for v in net.trainable_variables])
net.hidden.trainable = False
emit_text("frozen", [[v.path for v in net.trainable_variables], [v.path for v in net.non_trainable_variables]])
expect_error("set_weights_count", lambda: net.set_weights([np.zeros((3, 3))]),
             "with a weight list of length 1, but the layer was expecting 4 weights")
expect_error("set_weights_shape", lambda: model.set_weights([np.zeros((2, 2)), np.zeros(2)]),
             "is not compatible with provided weight shape (2, 2)")

a = tf.Variable([1., 2.])
b = tf.Variable([3.])
opt = tf.keras.optimizers.SGD(learning_rate=0.5)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(a * a)
grads = tape.gradient(loss, [a, b])
opt.apply_gradients(zip(grads, [a, b]))
emit("none_grad_skipped", [a, b, opt.iterations])

tf.keras.backend.clear_session()
embed = tf.keras.layers.Embedding(5, 2, embeddings_initializer=tf.keras.initializers.Constant(0.5))
flat = tf.keras.layers.Flatten()
ids = tf.constant([[0, 3], [3, 1]])
with tf.GradientTape() as tape:
    out = flat(embed(ids))
    loss = tf.reduce_sum(out * out)
grad = tape.gradient(loss, embed.trainable_variables)[0]
emit_text("embedding", [str(out.shape), embed.name, flat.name, embed.embeddings.path, type(grad).__name__, str(grad)])
emit("flatten_3d", flat(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
emit("embedding_float_ids", embed(tf.constant([1., 4.])))

mean = tf.keras.metrics.Mean(name="train_loss")
emit("mean_calls", [mean(tf.constant(2.)), mean(tf.constant([4., 6.])), mean.result()])
mean.update_state([1., 3.], sample_weight=[1., 0.])
emit("mean_weighted", mean.result())
mean.reset_state()
emit("mean_reset", mean.result())
accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="acc")
emit("accuracy", [accuracy(tf.constant([2, 0, 1]), tf.constant([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.6, 0.3, 0.1]])),
                  accuracy(tf.constant([[1]]), tf.constant([[0.1, 0.8, 0.1]]))])


@tf.function
def update_mean(x):
    mean.update_state(x)
    return mean.result()


emit("mean_in_function", [update_mean(tf.constant([1., 2.])), update_mean(tf.constant([3., 3.])), mean.result()])
emit_text("metric_variables", [mean.name, [v.path for v in mean.variables], [v.name for v in mean.variables]])
