"""tf.distribute beyond what the golden programs show: logical CPUs become JAX host devices,
Keras fit under MirroredStrategy is one program over both devices, eager replicas run on their
own device, and failures inside replicas end the call instead of hanging."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest

import gradcompat.tensorflow as tf

_TWO_DEVICES = textwrap.dedent("""
    import threading
    import jax
    import numpy as np
    import gradcompat
    import gradcompat.tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")  # starts JAX's backends with one host device
    tf.config.set_logical_device_configuration(cpu[0], [tf.config.LogicalDeviceConfiguration()] * 2)
    print("devices", len(jax.devices("cpu")))
    strategy = tf.distribute.MirroredStrategy()
    print("replicas", strategy.num_replicas_in_sync)

    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 3)).astype("float32")
    y = rng.standard_normal((16, 1)).astype("float32")
    with strategy.scope():
        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4), tf.keras.layers.Dense(1)])
        model.compile("sgd", "mse")
    before = gradcompat.cache_info().compiles
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    print("fit_compiles", gradcompat.cache_info().compiles - before)
    kernel = model.layers[0].kernel.value._jax_value()
    print("weight_devices", len(kernel.sharding.device_set))

    result = strategy.run(lambda a: a * 2.0, args=(tf.constant([1.0]),))
    print("replica_devices", [sorted(d.id for d in v._jax_value().devices()) for v in result.values])
    print("threads_left", threading.active_count())
""")


def test_logical_cpus_are_jax_devices_and_fit_is_data_parallel() -> None:
    done = subprocess.run([sys.executable, "-c", _TWO_DEVICES], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["devices"] == "2"
    assert lines["replicas"] == "2"
    assert lines["fit_compiles"] == "1"  # one program for every step of both epochs
    assert lines["weight_devices"] == "2"  # the step ran over both devices (weights replicated by XLA)
    assert lines["replica_devices"] == "[[0], [1]]"  # eager replicas on their own device
    assert lines["threads_left"] == "1"


def test_virtual_devices_after_initialization_raise() -> None:
    tf.constant(1.0)  # TF's runtime has started
    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(RuntimeError, match="Virtual devices cannot be modified after being initialized"):
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 5)


def _strategy() -> tf.distribute.MirroredStrategy:
    return tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])


def test_replica_error_reaches_the_caller_and_threads_end() -> None:
    strategy = _strategy()
    baseline = threading.active_count()

    def fn():
        ctx = tf.distribute.get_replica_context()
        if int(ctx.replica_id_in_sync_group) == 1:
            raise ValueError("replica one failed")
        return ctx.all_reduce("SUM", tf.constant(1.0))  # replica 0 waits here when replica 1 fails

    with pytest.raises(ValueError, match="replica one failed"):
        strategy.run(fn)
    assert threading.active_count() == baseline


def test_merge_call_by_some_replicas_only_is_an_error() -> None:
    strategy = _strategy()

    def fn():
        ctx = tf.distribute.get_replica_context()
        if int(ctx.replica_id_in_sync_group) == 0:
            return ctx.all_reduce("SUM", tf.constant(1.0))
        return tf.constant(0.0)

    with pytest.raises(RuntimeError, match="merge_call"):
        strategy.run(fn)


def test_replicas_see_their_context_and_optimizer_sums_gradients() -> None:
    strategy = _strategy()
    with strategy.scope():
        v = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(1.0)

    def fn(scale):
        with tf.GradientTape() as tape:
            loss = v * scale
        opt.apply_gradients([(tape.gradient(loss, v), v)])
        return tf.distribute.get_replica_context().replica_id_in_sync_group

    scales = strategy.experimental_distribute_values_from_function(
        lambda ctx: tf.constant(float(ctx.replica_id_in_sync_group + 1)))
    ids = strategy.run(fn, args=(scales,))
    assert [int(i) for i in strategy.experimental_local_results(ids)] == [0, 1]
    assert float(v.numpy()) == pytest.approx(1.0 - 3.0)  # gradients 1 + 2 summed, applied once
    assert int(opt.iterations.numpy()) == 1
    assert tf.distribute.get_replica_context() is not None  # back in the default replica context


def test_custom_loop_in_tf_function_compiles_once_per_batch_shape() -> None:
    import gradcompat
    import numpy as np
    strategy = _strategy()
    x = np.arange(24, dtype="float32").reshape(8, 3) / 10
    y = np.arange(8, dtype="int64") % 3
    dataset = strategy.experimental_distribute_dataset(tf.data.Dataset.from_tensor_slices((x, y)).batch(4))
    tf.keras.utils.set_random_seed(0)  # the same initial weights at every run
    with strategy.scope():
        net = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(3)])
        optimizer = tf.keras.optimizers.SGD(0.1)
        loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")

    def train_step(inputs):
        features, labels = inputs
        with tf.GradientTape() as tape:
            loss = tf.nn.compute_average_loss(loss_object(labels, net(features)), global_batch_size=4)
        optimizer.apply_gradients(zip(tape.gradient(loss, net.trainable_variables), net.trainable_variables))
        return loss

    @tf.function
    def step(inputs):
        return strategy.reduce("SUM", strategy.run(train_step, args=(inputs,)), axis=None)

    losses = [float(step(batch)) for batch in dataset]  # first epoch: traces and compiles
    compiles = gradcompat.cache_info().compiles
    for _ in range(2):
        losses += [float(step(batch)) for batch in dataset]
    assert gradcompat.cache_info().compiles == compiles
    assert int(optimizer.iterations.numpy()) == 6  # one update per step, not one per replica
    assert sum(losses[-2:]) < sum(losses[:2])  # the epoch's loss went down
