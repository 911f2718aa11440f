# AutoGraph: Python if / while / for on tensors inside tf.function, converted as TF converts
# them (tf.cond / tf.while_loop), Python control flow on Python values left alone, TF's errors.
import tensorflow as tf
from harness import emit, expect_error

@tf.function
def relu_sum(x):
    if tf.reduce_sum(x) > 0:
        y = x * 2.0
    else:
        y = -x
    return y

emit('if_else', [relu_sum(tf.constant([1.0, 2.0])), relu_sum(tf.constant([-1.0, -2.0]))])

@tf.function
def collatz(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps

emit('while_with_nested_if', collatz(tf.constant(27)))

@tf.function
def sum_range(n):
    total = tf.constant(0)
    for i in tf.range(n):
        total += i
    return total
emit('for_tf_range', sum_range(tf.constant(10)))

@tf.function
def sum_rows(x):
    acc = tf.zeros(x.shape[1:])
    for row in x:
        acc = acc + row * row
    return acc
emit('for_over_tensor_rows', sum_rows(tf.constant([[1.0, 2.0], [3.0, 4.0]])))

@tf.function
def python_loop(x):
    for i in range(3):
        x = x + i
    if True:
        x = x * 2
    return x
emit('python_control_flow_kept', python_loop(tf.constant(1.0)))

class Model(tf.Module):
    def __init__(self):
        self.w = tf.Variable(2.0)
    @tf.function
    def __call__(self, x):
        if x > 0:
            out = self.w * x
        else:
            out = x
        return out
m = Model()
emit('method_of_module', [m(tf.constant(3.0)), m(tf.constant(-3.0))])
x = tf.Variable(1.5)
@tf.function
def step():
    with tf.GradientTape() as tape:
        y = x
        for _ in tf.range(3):
            y = y * x
        if y > 2.0:
            loss = y
        else:
            loss = -y
    return tape.gradient(loss, x)
emit('gradient_through_converted_loop_and_if', step())
@tf.function
def bad(x):
    if x > 0:
        z = x
    return z
expect_error('undefined_in_else', lambda: bad(tf.constant(1.0)), "'z' must also be initialized in the else branch")
