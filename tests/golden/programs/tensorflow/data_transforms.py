# tf.data transformations: batch (drop_remainder, specs), padded_batch, unbatch, rebatch, map (traced
# once on symbolic tensors of the spec's shapes), filter, repeat, take, skip, cache, prefetch,
# enumerate, flat_map, interleave, window, shuffle (checked by properties), with TF's errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

D = tf.data.Dataset
rng = np.random.default_rng(1)
x = rng.standard_normal((7, 3)).astype(np.float32)
y = np.arange(7)
ds = D.from_tensor_slices((x, y))

b = ds.batch(3)
emit_text("batch_repr", repr(b))
emit("batch", list(b.as_numpy_iterator()))
bd = ds.batch(3, drop_remainder=True)
emit_text("batch_drop_spec", repr(bd.element_spec))
emit("batch_drop", list(bd.as_numpy_iterator()))
emit("batch_cards", [int(b.cardinality()), int(bd.cardinality()), len(D.range(6).batch(3))])
expect_error("batch_zero", lambda: D.range(3).batch(0), "Batch size must be greater than zero.")
ragged = D.from_generator(lambda: ([1] * i for i in range(1, 4)), output_types=tf.int32, output_shapes=[None])
expect_error("batch_ragged", lambda: list(ragged.batch(2)), "Cannot batch tensors with different shapes in component 0")
pb = ragged.padded_batch(2)
emit_text("padded_spec", repr(pb.element_spec))
emit("padded", list(pb.as_numpy_iterator()))
emit("padded_shapes", list(ragged.padded_batch(2, padded_shapes=[4], padding_values=-1).as_numpy_iterator()))
ub = b.unbatch()
emit_text("unbatch_repr", repr(ub))
emit("unbatch", list(ub.as_numpy_iterator()))
expect_error("unbatch_scalar", lambda: D.range(3).unbatch(), "Cannot unbatch an input with scalar components.")
emit("rebatch", list(D.range(7).batch(3).rebatch(2).as_numpy_iterator()))

seen = []


def scale(a, label):
    seen.append((a.shape.as_list(), label.shape.as_list(), a.dtype.name))
    return a * 2.0, tf.cast(label, tf.float32) + 0.5


m = ds.map(scale)
emit_text("map_repr", repr(m))
emit("map", list(m.as_numpy_iterator()))
emit("map_again", list(m.as_numpy_iterator()))
emit_text("map_traced_once", seen)
mb = ds.batch(4).map(scale)
emit_text("map_batched_trace", [seen[-1], repr(mb.element_spec)])
emit("map_batched", list(mb.as_numpy_iterator()))
pm = ds.map(lambda a, l: {"sum": tf.reduce_sum(a), "l": l}, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
emit_text("parallel_map_repr", repr(pm))
emit("parallel_map", list(pm.as_numpy_iterator()))
emit_text("map_list_becomes_tuple", repr(D.range(2).map(lambda v: [v, v * 2]).element_spec))
emit("map_python_number", list(D.range(3).map(lambda v: 1.5).as_numpy_iterator()))
emit("map_dict_in", list(D.from_tensor_slices({"a": [1, 2], "b": [3, 4]}).map(lambda e: e["a"] * e["b"]).as_numpy_iterator()))
expect_error("map_numpy", lambda: D.range(3).map(lambda v: v.numpy()), "numpy")

f = D.range(10).filter(lambda v: v % 3 == 0)
emit_text("filter_repr", repr(f))
emit("filter", list(f.as_numpy_iterator()))
expect_error("filter_not_bool", lambda: D.range(3).filter(lambda v: v), "`predicate` must return a `tf.bool` scalar tensor")

emit("repeat", list(D.range(3).repeat(2).as_numpy_iterator()))
emit("repeat_take", list(D.range(3).repeat().take(7).as_numpy_iterator()))
emit("take_skip", [list(D.range(5).take(2).as_numpy_iterator()), list(D.range(5).skip(3).as_numpy_iterator()),
                   list(D.range(5).take(-1).as_numpy_iterator()), list(D.range(5).skip(9).as_numpy_iterator())])
emit("rts_cards", [int(D.range(3).repeat(2).cardinality()), int(D.range(3).take(2).cardinality()),
                   int(D.range(3).skip(5).cardinality()), int(D.range(3).repeat().take(4).cardinality()),
                   int(D.range(3).repeat().skip(4).cardinality()), int(D.range(0).repeat().cardinality())])
emit_text("stage_reprs", [repr(D.range(3).repeat()), repr(D.range(3).take(2)), repr(D.range(3).skip(1)),
                          repr(D.range(3).cache()), repr(D.range(3).prefetch(tf.data.AUTOTUNE)),
                          repr(D.range(3).enumerate()), repr(D.range(3).shuffle(3)),
                          repr(D.range(3).with_options(tf.data.Options()))])
calls = []


def count(v):
    calls.append(1)
    return v


cached = D.range(4).map(lambda v: tf.py_function(count, [v], tf.int64) if False else v * 10).cache()
emit("cache", [list(cached.as_numpy_iterator()), list(cached.as_numpy_iterator())])
emit("prefetch", list(ds.batch(2).prefetch(2).map(lambda a, l: l).as_numpy_iterator()))
emit("enumerate", list(D.from_tensor_slices([7., 8.]).enumerate(start=5).as_numpy_iterator()))

fm = D.range(4).flat_map(lambda v: D.range(v))
emit_text("flat_map_repr", repr(fm))
emit("flat_map", list(fm.as_numpy_iterator()))
il = D.range(3).interleave(lambda v: D.from_tensors(v).repeat(3), cycle_length=2, block_length=2)
emit_text("interleave_repr", repr(il))
emit("interleave", list(il.as_numpy_iterator()))
w = D.range(5).window(2, shift=1, drop_remainder=True)
emit_text("window_repr", [repr(w), repr(next(iter(w)))])
emit("window", list(w.flat_map(lambda v: v.batch(2)).as_numpy_iterator()))
emit("window_rest", list(D.range(5).window(2).flat_map(lambda v: v.batch(2)).as_numpy_iterator()))
emit("window_card", [int(w.cardinality()), int(D.range(5).window(2).cardinality())])

# shuffles: properties only (the random stream is not TF's)
r = D.range(20)
full = [list(r.shuffle(20).as_numpy_iterator()) for _ in range(2)]
emit("shuffle_is_permutation", [sorted(o) == list(range(20)) for o in full])
sh = r.shuffle(20, seed=3)
e1, e2 = list(sh.as_numpy_iterator()), list(sh.as_numpy_iterator())
emit("shuffle_reshuffles", [e1 != e2, sorted(e2) == list(range(20))])
fixed = r.shuffle(20, seed=3, reshuffle_each_iteration=False)
emit("shuffle_fixed", list(fixed.as_numpy_iterator()) == list(fixed.as_numpy_iterator()))
emit("shuffle_buffer_one", list(r.shuffle(1).as_numpy_iterator()) == list(range(20)))
local = list(r.shuffle(3).as_numpy_iterator())
emit("shuffle_buffer_local", [local[0] in (0, 1, 2), all(v <= i + 2 for i, v in enumerate(local)),
                              sorted(local) == list(range(20))])
sb = ds.shuffle(7).batch(3)
batches = list(sb.as_numpy_iterator())
emit("shuffle_batch", [[len(l) for _, l in batches], sorted(np.concatenate([l for _, l in batches]).tolist()),
                       all(np.allclose(a, x[l]) for a, l in batches)])
expect_error("shuffle_zero", lambda: r.shuffle(0), "buffer_size must be greater than zero")
printed = []
D.range(3).map(lambda v: printed.append(str(v)) or v)
emit_text("map_sees_graph_tensor", printed)

# sampling and choosing between datasets, sharding, take_while
sampled = D.sample_from_datasets([D.range(3), D.range(10, 13)], weights=[0.5, 0.5], seed=1)
emit_text("sample_repr", repr(sampled))
emit("sample_all", [sorted(sampled.as_numpy_iterator()), int(sampled.cardinality())])
stopped = list(D.sample_from_datasets([D.range(3), D.range(10, 13)], seed=1, stop_on_empty_dataset=True)
               .as_numpy_iterator())
emit("sample_stop", [len(stopped) <= 6, [v for v in stopped if v < 10] == sorted(v for v in stopped if v < 10)])
chosen = D.choose_from_datasets([D.range(3), D.range(10, 13)], D.from_tensor_slices(np.array([0, 1, 1, 0], np.int64)))
emit("choose", list(chosen.as_numpy_iterator()))
expect_error("choose_int32", lambda: D.choose_from_datasets([D.range(3)], D.from_tensor_slices([0, 1])),
             "must be scalar `tf.int64` tensors")
sh = D.range(10).shard(3, 1)
emit_text("shard_repr", repr(sh))
emit("shard", [list(sh.as_numpy_iterator()), int(sh.cardinality())])
expect_error("shard_zero", lambda: D.range(3).shard(0, 0), "Number of shards must be greater than zero")
expect_error("shard_index", lambda: D.range(3).shard(2, 3), "Index must be between 0 and 1")
tw = D.range(10).take_while(lambda v: v < 4)
emit_text("take_while_repr", repr(tw))
emit("take_while", [list(tw.as_numpy_iterator()), int(tw.cardinality())])
