"""tf.config's GPU entries (from JAX's GPUs) and the settings fixed once the runtime starts:
things the goldens, made on a CPU-only TF, cannot show."""
import jax
import pytest

import gradcompat.tensorflow as tf
from gradcompat.tensorflow import config, context


@pytest.fixture
def two_gpus(monkeypatch):
    """JAX reports two GPUs; tf.config's recorded settings and runtime state start fresh."""
    real_devices = jax.devices

    def devices(backend=None):
        if backend == "gpu":
            return ["gpu0", "gpu1"]
        return real_devices(backend)

    def local_devices(process_index=None, backend=None):
        if backend == "gpu":
            return ["gpu0", "gpu1"]
        return real_local_devices(process_index, backend)

    real_local_devices = jax.local_devices
    monkeypatch.setattr(jax, "devices", devices)
    monkeypatch.setattr(jax, "local_devices", local_devices)  # tf.config lists this process's devices
    monkeypatch.setattr(config, "_settings", {**config._settings, "visible": None, "virtual": {}, "growth": {}})
    monkeypatch.setattr(context, "_state", {**context._state, "initialized": False})


def test_gpus_are_listed_with_tf_names(two_gpus):
    gpus = tf.config.list_physical_devices("GPU")
    assert [g.name for g in gpus] == ["/physical_device:GPU:0", "/physical_device:GPU:1"]
    assert tf.config.list_physical_devices()[0].name == "/physical_device:CPU:0"
    assert [d.name for d in tf.config.list_logical_devices("GPU")] == ["/device:GPU:0", "/device:GPU:1"]


def test_memory_growth_and_visibility_before_and_after_start(two_gpus):
    gpus = tf.config.list_physical_devices("GPU")
    assert tf.config.experimental.get_memory_growth(gpus[0]) is False
    for gpu in gpus:
        tf.config.experimental.set_memory_growth(gpu, True)
    assert tf.config.experimental.get_memory_growth(gpus[1]) is True
    tf.config.set_visible_devices(gpus[0], "GPU")
    assert tf.config.get_visible_devices("GPU") == [gpus[0]]
    assert [d.name for d in tf.config.list_logical_devices("GPU")] == ["/device:GPU:0"]  # starts the runtime
    with pytest.raises(RuntimeError, match="Physical devices cannot be modified after being initialized"):
        tf.config.experimental.set_memory_growth(gpus[0], False)
    with pytest.raises(RuntimeError, match="Visible devices cannot be modified"):
        tf.config.set_visible_devices(gpus, "GPU")
    tf.config.experimental.set_memory_growth(gpus[0], True)  # unchanged: allowed, as in TF


def test_virtual_gpus_and_an_eager_tensor_starts_the_runtime(two_gpus):
    gpu = tf.config.list_physical_devices("GPU")[0]
    tf.config.set_logical_device_configuration(gpu, [tf.config.LogicalDeviceConfiguration(memory_limit=1024)] * 2)
    assert not context.initialized()
    tf.constant(1.0)
    assert context.initialized()
    assert [d.name for d in tf.config.list_logical_devices("GPU")] == ["/device:GPU:0", "/device:GPU:1",
                                                                      "/device:GPU:2"]
    with pytest.raises(RuntimeError, match="Virtual devices cannot be modified"):
        tf.config.set_logical_device_configuration(gpu, None)
