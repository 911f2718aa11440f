# tf.custom_gradient over a function that reads its eager input's value
# (tf.get_static_value), with a custom gradient of its gradient: first- and second-order
# gradients and the transpose to the upstream gradient, as TF's eager tape gives them.
import tensorflow as tf
from harness import emit


@tf.custom_gradient
def f(x):
    z = 2.0 * tf.get_static_value(x) * x

    def g(dz):
        @tf.custom_gradient
        def first_order(unused_x, unused_dz):
            def second_order_and_transpose(unused_ddz):
                return 2.2, 3.1
            return 2.1 * unused_dz, second_order_and_transpose
        return first_order(x, dz)

    return z, g


with tf.GradientTape(persistent=True) as t:
    with tf.GradientTape() as tt:
        c = tf.constant(1.5)
        t.watch(c)
        tt.watch(c)
        upstream = tf.constant(2.0)
        t.watch(upstream)
        out = f(c)
    gc = tt.gradient(out, c, output_gradients=upstream)
emit("value", out)
emit("first", gc)
# TF hands back the Python floats grad_fn returned (gradcompat: float32 tensors), so as floats
emit("second", float(t.gradient(gc, c)))
emit("transpose", float(t.gradient(gc, upstream)))
emit("again", [f(tf.constant(3.0)), f(tf.constant(-1.0))])
