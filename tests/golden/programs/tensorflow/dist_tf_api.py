"""tf.distribute over 2 logical CPU devices: strategies, run / reduce, replica contexts,
PerReplica and MirroredVariable reprs, distributed datasets, compute_average_loss, errors."""
import tensorflow as tf
from harness import emit, emit_text, expect_error

cpu = tf.config.list_physical_devices("CPU")
tf.config.set_logical_device_configuration(cpu[0], [tf.config.LogicalDeviceConfiguration()] * 2)
emit_text("logical", tf.config.list_logical_devices("CPU"))
expect_error("virtual_after_init", lambda: tf.config.set_logical_device_configuration(
    cpu[0], [tf.config.LogicalDeviceConfiguration()] * 3), "Virtual devices cannot be modified after being initialized")

strategy = tf.distribute.MirroredStrategy()
emit("default_replicas", strategy.num_replicas_in_sync)
emit_text("default_devices", strategy.extended.worker_devices)
s = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
emit("replicas", s.num_replicas_in_sync)
emit("has_strategy_outside", tf.distribute.has_strategy())
emit("cross_outside", tf.distribute.in_cross_replica_context())
emit_text("default_replica_id", tf.distribute.get_replica_context().replica_id_in_sync_group)
with s.scope():
    v = tf.Variable([1.0, 2.0])
    emit("has_strategy_inside", tf.distribute.has_strategy())
    emit("same_strategy", tf.distribute.get_strategy() is s)
    emit("cross_inside", tf.distribute.in_cross_replica_context())
    emit("replica_ctx_in_scope", tf.distribute.get_replica_context() is None)
    expect_error("mixing", lambda: tf.distribute.OneDeviceStrategy("/cpu:0").scope().__enter__(),
                 "Mixing different tf.distribute.Strategy objects")
    expect_error("average_loss_cross", lambda: tf.nn.compute_average_loss(tf.constant([1.0, 2.0])),
                 "in cross replica context")
emit_text("mirrored_type", type(v).__name__)
emit_text("mirrored_repr", repr(v))
u = tf.Variable(1.0)
emit_text("plain_repr", repr(u))


def replica_fn(x):
    ctx = tf.distribute.get_replica_context()
    rid = ctx.replica_id_in_sync_group
    y = x * tf.cast(rid + 1, tf.float32)
    return y, ctx.all_reduce(tf.distribute.ReduceOp.SUM, y), ctx.all_reduce("MEAN", y)


y, total, mean = s.run(replica_fn, args=(tf.constant([1.0, 2.0]),))
emit_text("per_replica_repr", repr(y))
emit_text("per_replica_str", str(y))
emit_text("all_reduce_repr", repr(total))
emit("all_reduce_mean", s.experimental_local_results(mean))
emit("local_results", s.experimental_local_results(y))
emit("reduce_sum", s.reduce(tf.distribute.ReduceOp.SUM, y, axis=None))
emit("reduce_mean", s.reduce(tf.distribute.ReduceOp.MEAN, y, axis=None))
emit("reduce_sum_axis0", s.reduce("SUM", y, axis=0))
emit("reduce_mean_axis0", s.reduce(tf.distribute.ReduceOp.MEAN, y, axis=0))
emit("reduce_mean_plain", s.reduce("MEAN", tf.constant(1.0), axis=None))
expect_error("reduce_sum_plain", lambda: s.reduce("SUM", tf.constant(1.0), axis=None),
             "cannot be reduced with the given reduce op")
expect_error("reduce_max", lambda: s.reduce("MAX", y, axis=None), "is not a valid ReduceOp")
emit("gather", s.gather(y, axis=0))


def context_fn(x):
    ctx = tf.distribute.get_replica_context()
    return (ctx.all_gather(x * tf.cast(ctx.replica_id_in_sync_group + 1, x.dtype), axis=0),
            tf.distribute.in_cross_replica_context(), tf.distribute.get_strategy() is s, tf.distribute.has_strategy())


gathered, cross, same, has = s.run(context_fn, args=(tf.constant([[1.0, 2.0]]),))
emit("all_gather", s.experimental_local_results(gathered))
emit("replica_flags", [cross, same, has])
emit("nested_function", s.experimental_local_results(s.run(tf.function(lambda a: a + 1.0), args=(tf.constant(1.0),))))
data_dict = tf.data.Dataset.from_tensor_slices({"a": tf.reshape(tf.range(8), (4, 2)), "b": tf.range(4)}).batch(4)
emit_text("dict_batch", str(next(iter(s.experimental_distribute_dataset(data_dict)))))
emit("run_python", s.run(lambda a: a * 2, args=(3,)))
emit_text("run_same_tensor", str(s.run(lambda a: a * 2, args=(tf.constant(3.0),))))
emit("average_loss_replica", s.experimental_local_results(
    s.run(lambda: tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 3.0])))))
emit("average_loss_global", tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 3.0]), global_batch_size=4))
emit("average_loss_weighted", tf.nn.compute_average_loss(tf.constant([1.0, 2.0]), sample_weight=[0.5, 2.0],
                                                         global_batch_size=4))
emit_text("values_from_function", s.experimental_distribute_values_from_function(
    lambda ctx: ctx.replica_id_in_sync_group * 10))
emit_text("reduce_op", (str(tf.distribute.ReduceOp.SUM), repr(tf.distribute.ReduceOp.MEAN)))


def step(x):
    ctx = tf.distribute.get_replica_context()
    return tf.reduce_sum(x) * tf.cast(ctx.replica_id_in_sync_group + 1, x.dtype)


@tf.function
def distributed_step(batch):
    return s.reduce(tf.distribute.ReduceOp.SUM, s.run(step, args=(batch,)), axis=None)


for n, batch in [(9, 5), (5, 4), (4, 3)]:
    dist = s.experimental_distribute_dataset(tf.data.Dataset.range(n).batch(batch))
    emit(f"split_{n}_{batch}", [[int(t.shape[0]) for t in s.experimental_local_results(e)] for e in dist])
for i, element in enumerate(s.experimental_distribute_dataset(tf.data.Dataset.range(10).batch(4))):
    emit_text(f"dist_batch_{i}", str(element))
data = tf.data.Dataset.from_tensor_slices(tf.reshape(tf.range(12, dtype=tf.float32), (6, 2))).batch(4)
emit("tf_function_steps", [distributed_step(b) for b in s.experimental_distribute_dataset(data)])


iterator = iter(s.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(4)))
emit_text("get_next", str(iterator.get_next()))
expect_error("get_next_end", iterator.get_next, "End of sequence")


def dataset_fn(ctx):
    emit_text("input_context", (str(ctx), ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.num_replicas_in_sync,
                                ctx.get_per_replica_batch_size(8)))
    expect_error("per_replica_batch", lambda: ctx.get_per_replica_batch_size(7), "is not divisible by")
    return tf.data.Dataset.range(6).batch(2)


for i, element in enumerate(s.distribute_datasets_from_function(dataset_fn)):
    emit_text(f"from_function_{i}", str(element))

one = tf.distribute.OneDeviceStrategy("/cpu:0")
emit("one_replicas", one.num_replicas_in_sync)
emit("one_run", one.run(lambda a: a + 1, args=(tf.constant(1.0),)))
emit("one_reduce", one.reduce("SUM", tf.constant(2.0), axis=None))
with one.scope():
    w = tf.Variable(1.0)
emit_text("one_variable", repr(w))
emit("default_strategy_replicas", tf.distribute.get_strategy().num_replicas_in_sync)
