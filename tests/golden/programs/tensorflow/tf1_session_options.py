# gradcompat: tf1
# What TF1 scripts pass to sessions: ConfigProto / GPUOptions (fields, defaults, errors),
# RunOptions / RunMetadata in Session.run, tf.logging verbosity.
import tensorflow as tf
from harness import emit, emit_text, expect_error

config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
config.gpu_options.allow_growth = True
emit_text("config", [config.allow_soft_placement, config.gpu_options.allow_growth,
                     config.gpu_options.per_process_gpu_memory_fraction, config.intra_op_parallelism_threads])
emit_text("gpu_options", tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5)).gpu_options.per_process_gpu_memory_fraction)
expect_error("unknown_field", lambda: tf.ConfigProto(foo=1), 'Protocol message ConfigProto has no "foo" field.')
expect_error("unknown_attribute", lambda: setattr(config, "foo", 1), 'Protocol message ConfigProto has no "foo" field.')
expect_error("unknown_gpu_field", lambda: tf.GPUOptions(bar=1), 'Protocol message GPUOptions has no "bar" field.')
x = tf.placeholder(tf.float32, [2])
with tf.Session(config=config) as sess:
    emit("run_with_options", sess.run(x * 2., feed_dict={x: [1., 2.]},
                                      options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                                      run_metadata=tf.RunMetadata()))
tf.logging.set_verbosity(tf.logging.ERROR)
emit_text("logging_levels", [tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR, tf.logging.get_verbosity()])
tf.logging.info("not shown %d", 3)
