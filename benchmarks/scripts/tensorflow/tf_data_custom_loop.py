# A custom training loop on a tf.data pipeline (the "training loop from scratch" guide): a
# from_tensor_slices Dataset shuffled and batched, a Keras model, a tf.function train step with a
# GradientTape, an optimizer, a metric, and an evaluation pass.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
features = rng.normal(size=(512, 20)).astype(np.float32)
labels = ((features[:, :3].sum(axis=1) > 0).astype(np.int64) + (features[:, 3] > 1)).astype(np.int64)
train_ds = tf.data.Dataset.from_tensor_slices((features[:384], labels[:384])).shuffle(384, seed=0).batch(32)
val_ds = tf.data.Dataset.from_tensor_slices((features[384:], labels[384:])).batch(32)

model = tf.keras.Sequential([tf.keras.Input((20,)), tf.keras.layers.Dense(64, activation="relu"),
                             tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(3)])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
train_acc = tf.keras.metrics.SparseCategoricalAccuracy()
val_acc = tf.keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    train_acc.update_state(y, logits)
    return loss


for epoch in range(5):
    for step, (x, y) in enumerate(train_ds):
        loss = train_step(x, y)
        if step % 6 == 0:
            print(f"epoch {epoch} step {step}: loss {float(loss):.4f}")
    for x, y in val_ds:
        val_acc.update_state(y, model(x, training=False))
    print(f"train acc {float(train_acc.result()):.4f} val acc {float(val_acc.result()):.4f}")
    train_acc.reset_state()
    val_acc.reset_state()
