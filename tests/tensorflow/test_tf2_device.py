"""``Tensor.device`` names for values on an accelerator (goldens run on the CPU): TF's
``/job:localhost/replica:0/task:0/device:GPU:<n>`` form, numbered among this process's GPUs."""
import jax
import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.device import device_name

PREFIX = "/job:localhost/replica:0/task:0/device:"


def _gpus():
    try:
        return jax.local_devices(backend="gpu")
    except RuntimeError:
        return []


class _Placed:
    """A value on a given device, as a JAX array reports it."""

    def __init__(self, device):
        self._device = device

    def devices(self):
        return {self._device}


class _Device:
    def __init__(self, platform, id):
        self.platform, self.id = platform, id


def test_names_of_host_and_accelerator_values():
    assert device_name(np.zeros(2)) == PREFIX + "CPU:0"
    assert device_name(jax.device_put(np.zeros(2), jax.local_devices(backend="cpu")[0])) == PREFIX + "CPU:0"
    gpu = _gpus()[0] if _gpus() else _Device("gpu", 0)
    assert device_name(_Placed(gpu)) == PREFIX + "GPU:0"
    assert device_name(None) == ""


@pytest.mark.skipif(not _gpus(), reason="needs a GPU")
def test_tensors_on_the_gpu_name_it():
    x = tf.constant([1.0, 2.0])
    assert x.device == PREFIX + "GPU:0"  # TF places eager tensors on the first GPU
    with tf.device("/CPU:0"):
        assert tf.identity(x).device == PREFIX + "CPU:0"
        assert tf.Variable(1.0).device == PREFIX + "CPU:0"
    with tf.device(f"/GPU:{len(_gpus()) - 1}"):
        y = tf.identity(x) * 2
        assert y.device == y.backing_device == PREFIX + f"GPU:{len(_gpus()) - 1}"
    assert tf.Variable([1.0]).device == PREFIX + "GPU:0"
