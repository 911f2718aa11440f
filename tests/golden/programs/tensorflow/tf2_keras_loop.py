# A TF2 training loop: keras Sequential of Dense layers with explicit weights, keras losses
# and optimizers, GradientTape inside tf.function; losses, weights and names as TF prints them.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

rng = np.random.default_rng(0)
X = rng.normal(size=(16, 3)).astype(np.float32)
Y = (X @ np.array([[1.], [-2.], [0.5]], np.float32) + 0.3).astype(np.float32)
labels = rng.integers(0, 3, size=16).astype(np.int32)

model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation='tanh'), tf.keras.layers.Dense(1)])
emit("built_before_call", model.built)
model(X[:1])
emit_text("variable_names", [v.name for v in model.trainable_variables])
emit_text("variable_paths", [v.path for v in model.trainable_variables])
emit_text("tf_variable_names", [v.value.name for v in model.trainable_variables])
emit("weight_shapes", [list(w.shape) for w in model.get_weights()])
model.set_weights([rng.normal(size=(3, 4)).astype(np.float32) * 0.5, np.full(4, 0.1, np.float32),
                   rng.normal(size=(4, 1)).astype(np.float32) * 0.5, np.zeros(1, np.float32)])
emit("weights_set", model.get_weights())
loss_fn = tf.keras.losses.MeanSquaredError()
opt = tf.keras.optimizers.SGD(learning_rate=0.05)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    return loss


emit("sgd_losses", [train_step(X, Y) for _ in range(10)])
emit("sgd_weights", model.get_weights())
emit("iterations", opt.iterations.numpy())

clf = tf.keras.Sequential([tf.keras.layers.Dense(5, activation='relu', kernel_initializer='ones',
                                                 bias_initializer=tf.keras.initializers.Constant(0.1)),
                           tf.keras.layers.Dense(3, kernel_initializer=tf.keras.initializers.Constant(0.2),
                                                 bias_initializer='zeros')])
clf(X[:1])
clf.set_weights([rng.normal(size=(3, 5)).astype(np.float32) * 0.5, np.full(5, 0.1, np.float32),
                 rng.normal(size=(5, 3)).astype(np.float32) * 0.5, np.zeros(3, np.float32)])
sce = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
adam = tf.keras.optimizers.Adam(learning_rate=0.01)
clf_losses = []
for _ in range(5):  # eager loop
    with tf.GradientTape() as tape:
        loss = sce(labels, clf(X))
    grads = tape.gradient(loss, clf.trainable_variables)
    adam.apply_gradients(zip(grads, clf.trainable_variables))
    clf_losses.append(loss)
emit("adam_losses", clf_losses)
emit("adam_weights", clf.get_weights())

mom = tf.keras.Sequential([tf.keras.layers.Dense(2, use_bias=False, kernel_initializer='ones')])
mom(X[:1])
momentum = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
nesterov = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
v_mom = tf.Variable([1., -2.])
v_nes = tf.Variable([1., -2.])
for _ in range(3):
    for var, o in ((v_mom, momentum), (v_nes, nesterov)):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(var * var * var)
        o.apply_gradients([(tape.gradient(loss, var), var)])
emit("momentum", v_mom)
emit("nesterov", v_nes)
