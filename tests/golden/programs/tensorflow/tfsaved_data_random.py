# Random ops inside tf.data map: a draw per element; seeded streams restart with each new
# iterator (repeat continues them); stateless ops seeded by the element; augmentation pipelines.
import numpy as np
import tensorflow as tf
from harness import emit

ds = tf.data.Dataset.range(6).map(lambda i: tf.random.uniform([]) + tf.cast(i, tf.float32) * 0)
a = [float(v) for v in ds]
b = [float(v) for v in ds]
emit("unseeded_per_element", [len(set(a)) == 6, all(0 <= v < 1 for v in a)])

tf.random.set_seed(1)
seeded = tf.data.Dataset.range(3).map(lambda i: tf.random.uniform([]))
c = [float(v) for v in seeded]
d = [float(v) for v in seeded]
emit("global_seed", [c == d, len(set(c))])
emit("global_seed_values", c)
again = tf.data.Dataset.range(3).map(lambda i: tf.random.uniform([]))
emit("second_dataset_same", [float(v) for v in again] == c)
e = [float(v) for v in seeded.repeat(2)]
emit("repeat_continues", [e[:3] == e[3:], e[:3] == c])
it = iter(seeded)
first = float(next(it))
emit("new_iterator_restarts", float(next(iter(seeded))) == first)
pairs = tf.data.Dataset.range(2).map(lambda i: (tf.random.uniform([]), tf.random.normal([2], seed=4)))
emit("two_ops", [[float(x), y.numpy()] for x, y in pairs])

op_seed = tf.data.Dataset.range(3).map(lambda i: tf.random.uniform([], seed=12345), num_parallel_calls=tf.data.AUTOTUNE)
emit("op_seed", [float(v) for v in op_seed])
stateless = tf.data.Dataset.range(4).map(lambda i: tf.random.stateless_uniform([2], seed=[1, i]))
s1 = [v.numpy() for v in stateless]
emit("stateless_by_element", s1)
emit("stateless_repeatable", all(np.array_equal(x, y) for x, y in zip(s1, [v.numpy() for v in stateless])))

images = np.arange(4 * 3 * 3 * 1, dtype=np.float32).reshape(4, 3, 3, 1)
augmented = (tf.data.Dataset.from_tensor_slices(images)
             .map(lambda x: tf.image.random_flip_left_right(x))
             .map(lambda x: x + tf.random.uniform([], -0.1, 0.1))
             .batch(2))
batches = [x.numpy() for x in augmented]
emit("augment_shapes", [x.shape for x in batches])
flat = np.concatenate(batches)
ok = []
for out, src in zip(flat, images):
    shift = out - np.round(out)  # the added noise, one value per image
    base = out - shift.mean()
    ok.append(bool(np.allclose(base, src, atol=1e-4) or np.allclose(base, src[:, ::-1], atol=1e-4)))
emit("augment_is_flip_plus_noise", ok)
emit("augment_noise_differs", len({round(float((o - np.round(o)).mean()), 6) for o in flat}) == 4)
