# tf.TensorArray: eager writes / reads / stack / unstack / gather / scatter / concat / split,
# size and dynamic_size, element_shape, clear_after_read, TF's errors; inside tf.function with
# tf.while_loop and AutoGraph loops, with gradients through it.
import tensorflow as tf
from harness import emit, emit_text, expect_error

ta = tf.TensorArray(tf.float32, size=3)
ta = ta.write(0, [1.0, 2.0])
emit('size', ta.size())
emit('read_written', ta.read(0))
emit('read_unwritten_is_zeros', ta.read(1))
emit('stack_partial', ta.stack())
emit_text('element_shape_after_write', ta.element_shape)
emit_text('element_shape_given', tf.TensorArray(tf.float32, size=2, element_shape=[4]).element_shape)
emit_text('dtype', ta.dtype)
expect_error('write_out_of_range', lambda: ta.write(3, [1.0, 2.0]), "array is not resizeable and size is: 3")
expect_error('write_wrong_shape', lambda: ta.write(1, [1.0, 2.0, 3.0]), "Incompatible shape for value")
expect_error('write_wrong_dtype', lambda: ta.write(1, tf.constant([1, 2])),
             "TensorArray dtype is float32 but Op is trying to write dtype int32")

grown = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(2, 5.0)
emit('dynamic_size', [grown.size(), grown.stack()])
emit('dynamic_size_flag', grown.dynamic_size)
expect_error('read_out_of_range', lambda: grown.read(5), "Tried to read from index 5 but array size is: 3")

once = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
emit('first_read', once.read(0))
expect_error('read_twice', lambda: once.read(0), "Could not read index 0 twice because it was cleared")
again = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(0, 1.0)
emit('read_twice_allowed', [again.read(0), again.read(0)])

rows = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
emit('unstack_stack', tf.TensorArray(tf.float32, size=3).unstack(rows).stack())
emit('gather', tf.TensorArray(tf.float32, size=3).unstack(rows).gather([2, 0]))
emit('scatter', tf.TensorArray(tf.float32, size=3).scatter([2, 0], [[1.0, 2.0], [3.0, 4.0]]).stack())
ragged = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0, 2.0]).write(1, [3.0])
emit('concat', ragged.concat())
emit('split_concat', tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 2]).concat())
emit('empty_stack_with_shape', tf.TensorArray(tf.float32, size=0, element_shape=[3]).stack())

# eager gradients through writes and reads
x = tf.constant([1.0, 2.0, 3.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    arr = tf.TensorArray(tf.float32, size=3).unstack(x * x)
    loss = arr.read(1) * 3.0 + tf.reduce_sum(arr.gather([0, 2]))
emit('eager_gradient', tape.gradient(loss, x))


@tf.function
def running_sums(x):
    inputs = tf.TensorArray(tf.float32, size=3).unstack(x)

    def body(i, acc, out):
        acc = acc + inputs.read(i)
        return i + 1, acc, out.write(i, acc)
    _, total, out = tf.while_loop(lambda i, *_: i < 3, body, (0, 0.0, tf.TensorArray(tf.float32, size=3)))
    return out.stack(), out.size(), total


with tf.GradientTape() as tape:
    tape.watch(x)
    sums, count, total = running_sums(x)
    loss = tf.reduce_sum(sums * [1.0, 10.0, 100.0])
emit('while_loop_values', [sums, count, total])
emit('while_loop_gradient', tape.gradient(loss, x))


@tf.function
def squares(x):
    out = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    for i in tf.range(tf.shape(x)[0]):
        out = out.write(i, x[i] * x[i])
    return out.stack()


with tf.GradientTape() as tape:
    tape.watch(x)
    y = squares(x)
emit('autograph_dynamic_size', y)
emit('autograph_dynamic_size_gradient', tape.gradient(y, x))


@tf.function
def rnn(inputs, w):
    states = tf.TensorArray(tf.float32, size=inputs.shape[0])
    state = tf.zeros([2])
    for t in tf.range(inputs.shape[0]):
        state = tf.tanh(inputs[t] + state * w)
        states = states.write(t, state)
    return states.stack()


seq = tf.constant([[0.5, -0.25], [0.1, 0.2], [-0.3, 0.4], [0.2, 0.2]])
w = tf.Variable([0.9, -0.7])
with tf.GradientTape() as tape:
    states = rnn(seq, w)
    loss = tf.reduce_sum(states * states)
emit('rnn_states', states)
emit('rnn_gradient', tape.gradient(loss, w))


@tf.function
def signed_rows(x):
    out = tf.TensorArray(tf.float32, size=4)
    for i in tf.range(4):
        if x[i] > 0:
            out = out.write(i, x[i])
        else:
            out = out.write(i, -x[i] * 10.0)
    return out.stack()


v = tf.constant([1.0, -2.0, 3.0, -4.0])
with tf.GradientTape() as tape:
    tape.watch(v)
    y = tf.reduce_sum(signed_rows(v) * [1.0, 2.0, 3.0, 4.0])
emit('written_in_branches', [signed_rows(v), tape.gradient(y, v)])
