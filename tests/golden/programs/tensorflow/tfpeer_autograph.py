# AutoGraph beyond if/while/for: break, continue and return on tensors, loops over tensors /
# tf.range / datasets, called user functions converted too, and TF's errors for what it refuses.
import tensorflow as tf
from harness import emit, expect_error


@tf.function
def absolute(x):
    if x > 0:
        return x
    return -x


emit('return_in_if', [absolute(tf.constant(2.0)), absolute(tf.constant(-3.0))])


@tf.function
def sign(x):
    if x > 0:
        return 1.0
    elif x < 0:
        return -1.0
    else:
        return 0.0


emit('return_in_elif', [sign(tf.constant(2.0)), sign(tf.constant(-2.0)), sign(tf.constant(0.0))])


@tf.function
def sum_until_negative(xs):
    total = tf.constant(0.0)
    for v in xs:
        if v < 0:
            break
        total += v
    return total


emit('break_over_tensor', sum_until_negative(tf.constant([1.0, 2.0, -1.0, 5.0])))


@tf.function
def odd_sum(n):
    s = 0
    for i in tf.range(n):
        if i % 2 == 0:
            continue
        s += i
    return s


emit('continue_over_range', odd_sum(tf.constant(7)))


@tf.function
def first_over(x):
    i = tf.constant(0)
    while i < 10:
        i += 1
        if x * tf.cast(i, tf.float32) > 5.0:
            break
    return i


emit('break_in_while', [first_over(tf.constant(1.5)), first_over(tf.constant(0.1))])


@tf.function
def triangle(x):
    total = tf.constant(0)
    for i in tf.range(4):
        for j in tf.range(4):
            if j > i:
                break
            total += x
    return total


emit('nested_break', triangle(tf.constant(1)))


def scale(x):
    if x > 0:
        return x * 2.0
    return x


def helper(x):
    y = scale(x)
    while tf.abs(y) < 10.0:
        y = y * 3.0
    return y


@tf.function
def calls_user_functions(x):
    return helper(x) + 1.0


emit('user_functions_converted', [calls_user_functions(tf.constant(2.0)), calls_user_functions(tf.constant(-2.0))])


@tf.function
def over_dataset(ds):
    s = tf.constant(0, tf.int64)
    for e in ds:
        s += e * e
    return s


emit('loop_over_dataset', over_dataset(tf.data.Dataset.range(5)))


@tf.function
def local_temporaries(x):
    acc = tf.zeros_like(x)
    for i in tf.range(3):
        step = x * tf.cast(i, tf.float32)  # assigned before use in each iteration
        acc += step
    return acc


emit('iteration_local_variable', local_temporaries(tf.constant([1.0, 2.0])))

w = tf.Variable(0.5)


@tf.function
def train_step(x):
    with tf.GradientTape() as tape:
        y = x
        for _ in tf.range(5):
            y = y * w
            if tf.reduce_sum(y) < 0.01:
                break
        loss = tf.reduce_sum(y)
    return loss, tape.gradient(loss, w)


emit('gradient_through_break', train_step(tf.constant([1.0, 2.0])))


@tf.function
def one_sided(x):
    if x > 0:
        return x


expect_error('return_one_branch', lambda: one_sided(tf.constant(1.0)),
             "the else branch must also have a return statement")


@tf.function
def return_in_loop(x):
    for i in tf.range(10):
        if i > x:
            return i
    return -1


expect_error('return_inside_tf_loop', lambda: return_in_loop(tf.constant(3)),
             "a return statement cannot be placed inside this TensorFlow loop")


@tf.function
def growing(x):
    for i in tf.range(3):
        x = tf.concat([x, x], 0)
    return x


expect_error('shape_changes_in_loop', lambda: growing(tf.constant([1.0])),
             "'x' has shape (1,) before the loop, but shape (2,) after one iteration")
