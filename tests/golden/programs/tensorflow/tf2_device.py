# Tensor.device / backing_device and Variable.device: TF's full device name for eager values
# (also under tf.device and for tf.identity there), '' for tensors inside a tf.function trace.
import tensorflow as tf
from harness import emit_text

x = tf.constant([1.0, 2.0])
v = tf.Variable([1.0, 2.0])
emit_text("eager", [x.device, x.backing_device, v.device, (v * 2).device, tf.constant(3).device,
                    tf.reduce_sum(x).device])
with tf.device("/CPU:0"):
    y = tf.identity(x)
    emit_text("cpu_scope", [y.device, y.backing_device, (x + 1).device, tf.Variable(1.0).device])
with tf.device("cpu:0"):
    emit_text("short_scope", tf.identity(x).device)
seen = []


@tf.function
def f(a):
    seen.append([a.device, (a + 1).device])
    return a + 1


emit_text("function_result", f(x).device)
emit_text("traced", seen)
