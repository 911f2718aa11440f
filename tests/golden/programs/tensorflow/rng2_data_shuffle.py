# Issue 16: tf.data.Dataset.shuffle in TensorFlow's own stream: ShuffleDataset's Philox words
# from (seed, seed2) under TF's seed rules, the seed generator that reshuffles each iteration,
# buffers smaller and larger than the data, after map/filter (streamed) and before batch/repeat.
import tensorflow as tf
from harness import emit

tf.random.set_seed(5)
ds = tf.data.Dataset.range(10).shuffle(4, seed=3)
emit("reshuffled", [[int(x) for x in ds] for _ in range(3)])
ds = tf.data.Dataset.range(10).shuffle(4, seed=3, reshuffle_each_iteration=False)
emit("fixed", [[int(x) for x in ds] for _ in range(2)])
ds = tf.data.Dataset.range(12).shuffle(100)  # op seed from the global seed's counter
emit("global_seed_only", [[int(x) for x in ds] for _ in range(2)])
ds = tf.data.Dataset.range(9).map(lambda x: x * 2).filter(lambda x: x % 3 != 1).shuffle(3)
emit("streamed", [int(x) for x in ds])
ds = tf.data.Dataset.range(7).shuffle(7, seed=11).batch(3).repeat(2)
emit("batch_repeat", [x.numpy().tolist() for x in ds])
ds = tf.data.Dataset.from_tensor_slices({"a": tf.range(300)}).shuffle(64, seed=2).batch(100)
emit("large", [b["a"] for b in ds])
