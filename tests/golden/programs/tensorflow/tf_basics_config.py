# tf.config: device listing, settings recorded before the runtime starts, TF's errors after;
# run_functions_eagerly makes tf.function run its Python body eagerly.
import tensorflow as tf
from harness import emit, emit_text, expect_error

cpus = tf.config.list_physical_devices("CPU")
emit_text("cpus", repr(cpus))
d = cpus[0]
emit_text("fields", [type(d).__name__, list(d._fields), d.name, d.device_type])
emit_text("lower_case", repr(tf.config.list_physical_devices("cpu")))
emit_text("visible", repr(tf.config.get_visible_devices("CPU")))
emit_text("same_visible", repr(tf.config.set_visible_devices(cpus)))
expect_error("growth_cpu", lambda: tf.config.experimental.set_memory_growth(d, True), "non-GPU")
expect_error("get_growth_cpu", lambda: tf.config.experimental.get_memory_growth(d), "")
emit_text("config_repr", repr(tf.config.LogicalDeviceConfiguration(memory_limit=1024)))
expect_error("cpu_limit", lambda: tf.config.set_logical_device_configuration(
    d, [tf.config.LogicalDeviceConfiguration(memory_limit=10)]), "memory limit on CPU")
tf.config.set_logical_device_configuration(d, [tf.config.LogicalDeviceConfiguration()] * 2)
emit_text("virtual", repr(tf.config.get_logical_device_configuration(d)))
tf.config.threading.set_inter_op_parallelism_threads(2)
tf.config.threading.set_intra_op_parallelism_threads(3)
emit("threads", [tf.config.threading.get_inter_op_parallelism_threads(),
                 tf.config.threading.get_intra_op_parallelism_threads()])
emit_text("jit", [tf.config.optimizer.get_jit()])
tf.config.optimizer.set_jit(True)
emit_text("jit_on", [tf.config.optimizer.get_jit()])
tf.config.experimental.enable_op_determinism()
x = tf.constant(1.)  # the runtime starts
emit_text("logical", repr(tf.config.list_logical_devices()))
emit_text("logical_cpu", repr(tf.config.list_logical_devices("CPU")))
emit_text("logical_type", type(tf.config.list_logical_devices()[0]).__name__)
expect_error("threads_after", lambda: tf.config.threading.set_intra_op_parallelism_threads(4), "Intra op")
expect_error("inter_after", lambda: tf.config.threading.set_inter_op_parallelism_threads(5), "Inter op")
expect_error("virtual_after", lambda: tf.config.set_logical_device_configuration(
    d, [tf.config.LogicalDeviceConfiguration()]), "Virtual devices cannot be modified")
expect_error("visible_after", lambda: tf.config.set_visible_devices([], "CPU"), "Visible devices cannot be modified")
emit_text("same_after", repr(tf.config.set_visible_devices([], "GPU")))

calls = []


@tf.function
def f(x):
    calls.append(tf.executing_eagerly())
    return x * 2


emit_text("eager_default", [tf.config.functions_run_eagerly()])
tf.config.run_functions_eagerly(True)
emit_text("eager_on", [tf.config.functions_run_eagerly()])
emit("eager_results", [f(tf.constant(1.)), f(tf.constant(2.))])
emit("tracing_count", f.experimental_get_tracing_count())
tf.config.run_functions_eagerly(False)
emit("graph_result", f(tf.constant(3.)))
emit("body_ran_eagerly", calls)
