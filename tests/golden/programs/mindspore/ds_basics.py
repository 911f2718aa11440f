"""mindspore.dataset sources, batch and iterators: NumpySlicesDataset, GeneratorDataset (random
access, iterable, generator function), sizes, column names, output shapes and types, epochs."""
import numpy as np
import mindspore as ms
import mindspore.dataset as ds
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
x = rng.standard_normal((5, 2)).astype(np.float32)
y = np.arange(5)

d = ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False)
emit("names", d.get_col_names())
emit("size", d.get_dataset_size())
emit("shapes", d.output_shapes())
emit_text("types", d.output_types())
emit("tuple_rows", list(d.create_tuple_iterator()))
emit("dict_rows_numpy", list(d.create_dict_iterator(output_numpy=True)))
emit("direct", [row for row in d])
emit_text("row_types", [type(v).__name__ for v in next(iter(d))])
emit_text("row_container", type(next(iter(d))).__name__)
emit_text("numpy_container", type(next(d.create_tuple_iterator(output_numpy=True))[0]).__name__)

b = ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False).batch(2)
emit("batch_size", b.get_dataset_size())
emit("batch_shapes", b.output_shapes())
emit("batches", list(b.create_tuple_iterator(output_numpy=True)))
bd = ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False).batch(2, drop_remainder=True)
emit("drop_size", bd.get_dataset_size())
emit("drop_batches", list(bd.create_dict_iterator()))
emit("batch_of_batch", ds.NumpySlicesDataset(x, shuffle=False).batch(2).batch(2).output_shapes())

emit("default_names", ds.NumpySlicesDataset((x, y), shuffle=False).get_col_names())
emit("list_source", list(ds.NumpySlicesDataset([1.5, 2.5], column_names=["a"], shuffle=False)
                         .create_tuple_iterator(output_numpy=True)))
emit("named", ds.NumpySlicesDataset((x, y), column_names=["p", "q"], shuffle=False).get_col_names())


class Source:
    def __init__(self):
        self.data = np.arange(12, dtype=np.float32).reshape(6, 2)

    def __getitem__(self, index):
        return self.data[index], np.array(index, dtype=np.int32)

    def __len__(self):
        return len(self.data)


g = ds.GeneratorDataset(Source(), ["data", "label"], shuffle=False)
emit("ra_size", g.get_dataset_size())
emit("ra_rows", list(g.create_tuple_iterator()))
shuffled = ds.GeneratorDataset(Source(), ["data", "label"])
labels = sorted(int(r[1]) for r in shuffled.create_tuple_iterator(output_numpy=True))
emit("ra_shuffled_is_permutation", labels)


def gen():
    for i in range(4):
        yield np.full((3,), i, dtype=np.float64), i


gf = ds.GeneratorDataset(gen, column_names=["v", "i"])
emit("gen_size", gf.get_dataset_size())
emit("gen_rows", list(gf.create_tuple_iterator()))
emit_text("gen_types", gf.output_types())
emit("gen_batched", list(ds.GeneratorDataset(gen, ["v", "i"]).batch(3).create_tuple_iterator()))
emit("gen_object", list(ds.GeneratorDataset(gen(), ["v", "i"]).create_tuple_iterator(output_numpy=True)))
emit("gen_num_samples", ds.GeneratorDataset(gen, ["v", "i"], num_samples=2).get_dataset_size())
emit("py_values", list(ds.GeneratorDataset(lambda: ((i, 0.5 * i, [i, i]) for i in range(2)), ["a", "b", "c"])
                       .create_tuple_iterator(output_numpy=True)))
emit("single_array", list(ds.GeneratorDataset(lambda: (np.ones(2) * i for i in range(2)), "a")
                          .create_tuple_iterator(output_numpy=True)))
emit("sharded", list(ds.NumpySlicesDataset(np.arange(8), ["a"], shuffle=False, num_shards=2, shard_id=1)
                     .create_tuple_iterator(output_numpy=True)))
emit("num_samples", list(ds.NumpySlicesDataset(np.arange(8), ["a"], shuffle=False, num_samples=3)
                         .create_tuple_iterator(output_numpy=True)))

# epochs: one for loop per epoch; reading past num_epochs is an error
it = ds.NumpySlicesDataset(y, ["y"], shuffle=False).create_tuple_iterator(num_epochs=2, output_numpy=True)
emit("epoch1", [int(r[0]) for r in it])
emit("epoch2", [int(r[0]) for r in it])
expect_error("epoch3", lambda: [r for r in it], "User tries to fetch data beyond the specified number of epochs")
it = ds.NumpySlicesDataset(y, ["y"], shuffle=False).create_dict_iterator()
emit("endless", [len([r for r in it]) for _ in range(3)])
it = ds.NumpySlicesDataset(y, ["y"], shuffle=False).create_tuple_iterator(output_numpy=True)
first = next(it)
emit("resume", [first] + [r for r in it])
emit("tuple_columns", list(ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False)
                           .create_tuple_iterator(columns=["y"], output_numpy=True)))

# errors
expect_error("no_names", lambda: ds.GeneratorDataset(gen), "Neither columns_names nor schema are provided")
expect_error("dup_names", lambda: ds.GeneratorDataset(gen, ["a", "a"]), "should not be same with others")
expect_error("bad_source", lambda: ds.GeneratorDataset(5, ["a"]), "should be callable, iterable or random accessible")
expect_error("shuffle_type", lambda: ds.GeneratorDataset(Source(), ["a", "b"], shuffle=1), "is not of type")
expect_error("wrong_ncols", lambda: list(ds.GeneratorDataset(gen, ["a"]).create_tuple_iterator()),
             "should return same number of NumPy arrays as specified in column_names")


def failing():
    yield (np.array(1),)
    raise ValueError("bad row")


expect_error("source_raises", lambda: list(ds.GeneratorDataset(failing, ["a"]).create_tuple_iterator()),
             "ValueError: bad row")
expect_error("unequal", lambda: ds.NumpySlicesDataset({"a": np.arange(3), "b": np.arange(4)}),
             "Data length in each column is not equal")
expect_error("names_count", lambda: ds.NumpySlicesDataset((x, y), column_names=["a"]),
             "Num of input column names is 1, but required is 2")
expect_error("epochs0", lambda: d.create_tuple_iterator(num_epochs=0),
             "num_epochs should be either -1 or positive integer")
expect_error("batch0", lambda: ds.NumpySlicesDataset(y, ["y"]).batch(0), "Input batch_size is not within the required interval")
expect_error("batch_float", lambda: ds.NumpySlicesDataset(y, ["y"]).batch(2.0), "batch_size should either be an int or a callable")
expect_error("batch_minus1", lambda: list(ds.NumpySlicesDataset(y, ["y"]).batch(-1).create_tuple_iterator()),
             "Batch size cannot be -1 without using batch sampler")
expect_error("ragged", lambda: list(ds.GeneratorDataset(lambda: ((np.zeros((i, 2)),) for i in (1, 2)), ["a"])
                                    .batch(2).create_tuple_iterator()),
             "Cannot batch tensors with different shapes in column 0. First element had shape <1,2> and this "
             "element had shape <2,2>")
base = ds.NumpySlicesDataset(y, ["y"], shuffle=False)
one = base.batch(2)
two = base.batch(3)
expect_error("not_a_tree", lambda: one.get_dataset_size(), "The data pipeline is not a tree")

# samplers


def sampled(sampler, **kw):
    d = ds.NumpySlicesDataset(np.arange(10), ["a"], sampler=sampler, **kw)
    return d.get_dataset_size(), [int(r[0]) for r in d.create_tuple_iterator(output_numpy=True)]


emit("sequential_sampler", sampled(ds.SequentialSampler(2, 3)))
emit("subset_sampler", sampled(ds.SubsetSampler([7, 2, 5])))
emit("list_sampler", sampled([3, 1]))
size, got = sampled(ds.SubsetRandomSampler([7, 2, 5]))
emit("subset_random_sampler", (size, sorted(got)))
size, got = sampled(ds.RandomSampler(num_samples=4))
emit("random_sampler", (size, len(set(got)), all(0 <= g < 10 for g in got)))
emit("distributed_sampler", sampled(ds.DistributedSampler(3, 1, shuffle=False)))
emit("shards_padded", [int(r[0]) for r in ds.NumpySlicesDataset(np.arange(10), ["a"], num_shards=3, shard_id=2,
                                                                shuffle=False).create_tuple_iterator(output_numpy=True)])
expect_error("sampler_num_samples", lambda: sampled(ds.SequentialSampler(), num_samples=2),
             "Conflicting arguments during sampler assignments")


class EvenSampler(ds.Sampler):
    def __iter__(self):
        return iter(range(0, 10, 2))


emit("python_sampler", sampled(EvenSampler()))
expect_error("sampler_and_shuffle", lambda: sampled(ds.SequentialSampler(), shuffle=True),
             "Conflicting arguments during sampler assignments")
expect_error("shards_alone", lambda: ds.NumpySlicesDataset(np.arange(10), ["a"], num_shards=2),
             "num_shards and shard_id need to be passed in together")
expect_error("shard_id_range", lambda: ds.NumpySlicesDataset(np.arange(10), ["a"], num_shards=2, shard_id=2),
             "shard_id should be less than num_shards")
