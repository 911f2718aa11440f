"""MirroredStrategy over 2 logical CPU devices: Keras fit / evaluate of a model compiled in the
strategy's scope (the last batch of 3 splits 2 + 1 across the replicas), and the custom training
loop of TF's "Custom training with tf.distribute.Strategy" tutorial (strategy.run,
strategy.reduce, tf.nn.compute_average_loss) inside tf.function."""
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

cpu = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(cpu[0], [tf.config.LogicalDeviceConfiguration()] * 2)
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
rng = np.random.default_rng(0)
x = rng.standard_normal((11, 3)).astype("float32")
y = rng.standard_normal((11, 1)).astype("float32")
labels = rng.integers(0, 3, size=(11,)).astype("int64")

with strategy.scope():
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation="tanh"),
                                 tf.keras.layers.Dense(1)])
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.get_weights()])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
emit_text("kernel_type", type(model.layers[0].kernel.value).__name__)
emit("model_strategy", model.distribute_strategy is strategy)
history = model.fit(x, y, batch_size=4, epochs=3, verbose=0, shuffle=False)
emit("fit_loss", history.history["loss"])
emit("fit_mae", history.history["mae"])
emit("evaluate", model.evaluate(x, y, batch_size=4, verbose=0))
emit("weights", model.get_weights())
emit("predict", model.predict(x[:3], verbose=0))
emit("iterations", model.optimizer.iterations)

# -- the tutorial's custom loop ---------------------------------------------------------
GLOBAL_BATCH_SIZE = 4
dataset = tf.data.Dataset.from_tensor_slices((x, labels)).batch(GLOBAL_BATCH_SIZE)
dist_dataset = strategy.experimental_distribute_dataset(dataset)
with strategy.scope():
    net = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(5, activation="relu"),
                               tf.keras.layers.Dense(3)])
    net.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in net.get_weights()])
    loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")

    def compute_loss(labels, predictions):
        per_example_loss = loss_object(labels, predictions)
        return tf.nn.compute_average_loss(per_example_loss, global_batch_size=GLOBAL_BATCH_SIZE)

    train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(inputs):
    features, target = inputs
    with tf.GradientTape() as tape:
        predictions = net(features, training=True)
        loss = compute_loss(target, predictions)
    gradients = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(gradients, net.trainable_variables))
    train_accuracy.update_state(target, predictions)
    return loss


@tf.function
def distributed_train_step(dataset_inputs):
    per_replica_losses = strategy.run(train_step, args=(dataset_inputs,))
    return strategy.reduce(tf.distribute.ReduceOp.SUM, per_replica_losses, axis=None)


for epoch in range(3):
    total_loss, num_batches = 0.0, 0
    for batch in dist_dataset:
        total_loss += distributed_train_step(batch)
        num_batches += 1
    emit(f"loop_loss_{epoch}", total_loss / num_batches)
    emit(f"loop_accuracy_{epoch}", train_accuracy.result())
    train_accuracy.reset_state()
emit("loop_weights", net.get_weights())
emit("loop_iterations", optimizer.iterations)


def eager_step(inputs):  # the same step without tf.function
    return strategy.run(train_step, args=(inputs,))


losses = eager_step(next(iter(dist_dataset)))
emit("eager_losses", strategy.experimental_local_results(losses))
emit("eager_weights", net.get_weights())

# -- BatchNormalization: each replica normalizes with its own batch statistics, and the moving
# statistics (aggregation "none") drift apart per replica; reads see replica 0's copy
with strategy.scope():
    bn_model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4), tf.keras.layers.BatchNormalization(),
                                    tf.keras.layers.Dense(1)])
    bn_model.set_weights([np.abs(rng.standard_normal(w.shape)).astype("float32") for w in bn_model.get_weights()])
    bn_model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
bn_history = bn_model.fit(x[:8], y[:8], batch_size=4, epochs=2, verbose=0, shuffle=False)
emit("bn_loss", bn_history.history["loss"])
emit("bn_moving_mean", bn_model.layers[1].moving_mean.numpy())
emit("bn_moving_mean_copies", [v.numpy() for v in bn_model.layers[1].moving_mean.value.values])
emit("bn_moving_variance", bn_model.layers[1].moving_variance.numpy())
emit("bn_gamma_copies", [v.numpy() for v in bn_model.layers[1].gamma.value.values])
