"""``tf.device``: a JAX device where one exists, soft placement (the CPU) where not."""
import jax
import numpy as np

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.device import jax_device


def test_device_names_map_to_jax_devices() -> None:
    cpu = jax.devices("cpu")[0]
    assert jax_device("/device:CPU:0") == cpu
    assert jax_device("/job:localhost/replica:0/task:0/device:CPU:0") == cpu
    assert jax_device("cpu:0") == cpu
    assert jax_device("/CPU:99") is None
    assert jax_device("not a device") is None


def test_ops_inside_run_there_or_softly_elsewhere() -> None:
    with tf.device("/CPU:0"):
        a = tf.constant([1.0, 2.0]) * 2.0
    assert list(a.node.value.devices()) == [jax.devices("cpu")[0]]
    with tf.device("/GPU:0"):  # absent on a CPU-only machine: runs anyway, as TF's soft placement
        b = a + 1.0
    np.testing.assert_array_equal(b.numpy(), [3.0, 5.0])
