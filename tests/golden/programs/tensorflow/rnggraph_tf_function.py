# Random numbers inside tf.function, TF's bits: a tf.random.Generator read and advanced by
# every call (the same numbers as eager draws, the state written back), and the stateful
# tf.random ops with TF's op-seed rules in function graphs (the global seed at trace time,
# the graph's op counter, each op's kernel continuing from call to call, a new trace with new
# kernels, set_seed starting them over), tf.nn.dropout masks included.
import tensorflow as tf
from harness import emit

g = tf.random.Generator.from_seed(7)


@tf.function
def gen_draws(x):
    return [g.normal([3]) + x, g.uniform([2], 0, 10, dtype=tf.int32), g.uniform([2]),
            g.truncated_normal([2], stddev=0.5)]


emit("generator_calls", [gen_draws(tf.zeros([3])) for _ in range(3)])
emit("generator_state", g.state)
emit("generator_eager_after", g.normal([2]))
twin = tf.random.Generator.from_seed(7)
emit("generator_eager_twin", [twin.normal([3]), twin.uniform([2], 0, 10, dtype=tf.int32), twin.uniform([2])])


@tf.function
def gen_seeds():
    return g.make_seeds(2), g.skip(5), g.normal([1])


emit("generator_seeds_skip", [gen_seeds(), g.state])

tf.random.set_seed(3)


@tf.function
def ops_draws(x):
    return [tf.random.normal([2]) + x, tf.random.uniform([2], seed=5), tf.random.uniform([3], 0, 9, dtype=tf.int64),
            tf.random.truncated_normal([2]), tf.random.shuffle(tf.range(6)),
            tf.nn.dropout(tf.ones([6]), 0.5), tf.random.normal([2], seed=5)]


emit("ops_calls", [ops_draws(tf.zeros([2])) for _ in range(3)])
emit("ops_new_trace", ops_draws(tf.zeros([1, 2])))
emit("ops_first_trace_again", ops_draws(tf.zeros([2])))
emit("eager_after", [tf.random.normal([2]), tf.random.uniform([2], seed=5)])


@tf.function
def other():
    return tf.random.normal([2]), tf.random.uniform([2])


emit("second_function", [other() for _ in range(2)])
tf.random.set_seed(3)
emit("after_set_seed", [ops_draws(tf.zeros([2])), other()])
