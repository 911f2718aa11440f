# A TensorFlow 2 training loop: a keras Sequential model seeded with keras.utils.set_random_seed
# (its starting weights are Keras's own draws), a GradientTape inside a tf.function train step,
# keras loss and Adam optimizer.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
rng = np.random.RandomState(0)
x_data = rng.uniform(-1.0, 1.0, size=(64, 2)).astype(np.float32)
y_data = (np.sin(x_data[:, :1] * 2.0) - x_data[:, 1:] ** 2).astype(np.float32)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(8, activation="tanh"),
    tf.keras.layers.Dense(1),
])
model(x_data[:1])  # build the layers: GlorotUniform kernels from the seeded stream
print("initial kernel", np.round(model.layers[0].kernel.numpy()[0, :4], 4))
loss_fn = tf.keras.losses.MeanSquaredError()
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


print([v.path for v in model.trainable_variables])
for step in range(100):
    loss = train_step(x_data, y_data)
    if step % 20 == 0:
        print("step %d: loss %.4f" % (step, float(loss)))
print("final loss %.4f" % float(loss_fn(y_data, model(x_data))))
print("output bias", np.round(model.layers[1].bias.numpy(), 3))
print("optimizer steps", int(optimizer.iterations.numpy()))
