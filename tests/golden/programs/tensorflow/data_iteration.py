# Iterating tf.data: eagerly (for, iter/next, take(1), as_numpy_iterator), inside tf.function (a for
# loop over a dataset, iter/next), and a GradientTape training loop over a shuffled, mapped, batched
# pipeline; Options accepted.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

D = tf.data.Dataset
rng = np.random.default_rng(2)
x = rng.standard_normal((8, 3)).astype(np.float32)
w_true = np.array([[1.0], [-2.0], [0.5]], np.float32)
y = (x @ w_true + 0.1).astype(np.float32)
ds = D.from_tensor_slices((x, y))

elements = [(a, b) for a, b in ds.batch(4)]
emit_text("eager_types", [type(elements[0]).__name__, repr(elements[0][1][:1])])
emit("eager_for", elements)
it = iter(ds.batch(3))
first = next(it)
emit("next", first)
emit("next2", next(it))
emit("next3", next(it))
expect_error("stop", lambda: next(it), "")
emit("take1", [e for e in D.range(5).take(1)])
emit_text("take1_repr", [repr(e) for e in D.range(5).take(1)])
emit_text("dict_element", repr(next(iter(D.from_tensor_slices({"a": [1, 2], "b": [3., 4.]})))))
emit_text("numpy_iter", [type(v).__name__ for v in next(D.range(3).batch(2).as_numpy_iterator())] +
          [type(next(D.range(3).as_numpy_iterator())).__name__])
emit_text("str_element", str(next(iter(D.from_tensor_slices([[1., 2.], [3., 4.]])))))
emit("options", list(D.range(3).with_options(tf.data.Options()).as_numpy_iterator()))
opts = tf.data.Options()
opts.experimental_deterministic = False
emit_text("options_kept", D.range(2).with_options(opts).options().experimental_deterministic)


@tf.function
def total(dataset):
    s = tf.constant(0.0)
    for a, b in dataset:
        s += tf.reduce_sum(a) + tf.reduce_sum(b)
    return s


emit("function_loop", [total(ds.batch(4)), total(ds.batch(4))])


@tf.function
def first_batch():
    return next(iter(ds.batch(2)))


emit("function_next", first_batch())

w = tf.Variable(np.zeros((3, 1), np.float32))
bias = tf.Variable(np.zeros((1,), np.float32))
opt = tf.keras.optimizers.SGD(0.1)
pipeline = ds.map(lambda a, b: (a * 1.0, b), num_parallel_calls=tf.data.AUTOTUNE).batch(4).prefetch(tf.data.AUTOTUNE)
losses = []
for epoch in range(3):
    for a, b in pipeline:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(a, w) + bias - b))
        grads = tape.gradient(loss, [w, bias])
        opt.apply_gradients(zip(grads, [w, bias]))
        losses.append(loss)
emit("train_losses", losses)
emit("train_weights", [w, bias])

shuffled = ds.shuffle(8).batch(4)
seen = np.concatenate([b.numpy() for _, b in shuffled])
emit("shuffled_epoch_is_permutation", np.allclose(np.sort(seen, axis=0), np.sort(y, axis=0)))
emit_text("cardinality_for_fit", [int(shuffled.cardinality()), repr(shuffled.element_spec)])
