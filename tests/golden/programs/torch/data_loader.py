"""torch.utils.data as programs use it: datasets, samplers, DataLoader batching (drop_last,
batch_size=None, batch_sampler, custom collate_fn), default_collate over nested structures and
its dtypes, lengths, random things checked by their properties, and torch's errors."""
import collections

import numpy as np
import torch
from harness import emit, emit_text, expect_error
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset,
                              IterableDataset, RandomSampler, SequentialSampler, Subset,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              default_collate, default_convert, random_split)
from torch.utils.data.distributed import DistributedSampler

rng = np.random.default_rng(0)
X = torch.tensor(rng.normal(size=(10, 3)).astype(np.float32))
Y = torch.arange(10)
ds = TensorDataset(X, Y)
emit("len_ds", len(ds))
emit("ds_item", ds[3])
emit("ds_item_negative", ds[-1])
emit("ds_item_slice", ds[2:4])
emit("ds_items_np_int", ds[np.int64(4)])

# sequential batches, drop_last, len
for drop_last in (False, True):
    loader = DataLoader(ds, batch_size=4, drop_last=drop_last)
    emit(f"len_loader_{drop_last}", len(loader))
    batches = list(loader)
    emit(f"n_batches_{drop_last}", len(batches))
    emit(f"batches_{drop_last}", batches)
    emit_text(f"batch_types_{drop_last}", [type(b).__name__ for b in batches[0]])
emit("loader_attrs", [DataLoader(ds).batch_size, DataLoader(ds).drop_last, DataLoader(ds).num_workers])
emit_text("prefetch_none", DataLoader(ds).prefetch_factor)
emit_text("sampler_kinds", [type(DataLoader(ds).sampler).__name__, type(DataLoader(ds, shuffle=True).sampler).__name__,
                            type(DataLoader(ds).batch_sampler).__name__])

# batch_size=None: no batching, samples converted
emit("no_batching", list(DataLoader(ds, batch_size=None))[:2])
emit("convert_range", list(DataLoader(range(4), batch_size=None)))


class Pairs(Dataset):
    """A map-style dataset returning nested structures of numbers, numpy, strings."""

    def __len__(self):
        return 5

    def __getitem__(self, i):
        Point = collections.namedtuple("Point", "x y")
        return {"idx": i, "score": float(i) / 2, "flag": i % 2 == 0, "name": f"s{i}",
                "feat": np.full((2,), i, dtype=np.float32), "ids": np.arange(i, i + 3, dtype=np.int32),
                "pair": (i, np.float64(i) * 1.5), "pt": Point(torch.tensor([i, i + 1]), np.int16(i))}


loader = DataLoader(Pairs(), batch_size=2)
first = next(iter(loader))
emit("nested_batch", {k: v for k, v in first.items() if k != "pt"})
emit("nested_pt", list(first["pt"]))
emit_text("nested_types", {k: type(v).__name__ for k, v in first.items()})
emit_text("nested_dtypes", [first["idx"].dtype, first["score"].dtype, first["flag"].dtype, first["feat"].dtype,
                            first["ids"].dtype, first["pair"][0].dtype, first["pair"][1].dtype,
                            first["pt"].x.dtype, first["pt"].y.dtype])
emit_text("names", first["name"])
emit("loader_len_nested", len(loader))

# default_collate / default_convert directly
emit("collate_ints", default_collate([1, 2, 3]))
emit_text("collate_dtypes", [default_collate([1, 2]).dtype, default_collate([1.0, 2.0]).dtype,
                             default_collate([True, False]).dtype, default_collate([np.float32(1)]).dtype,
                             default_collate([np.int32(1)]).dtype, default_collate([np.zeros(2, np.int16)]).dtype])
emit("collate_tuple_is_list", default_collate([(1, 2.0), (3, 4.0)]))
emit_text("collate_tuple_type", type(default_collate([(1, 2.0), (3, 4.0)])).__name__)
emit("collate_tensors", default_collate([torch.ones(2, 2), torch.zeros(2, 2)]))
emit("convert", default_convert((np.ones(2), np.float32(3), "s", [np.int8(1)])))
emit_text("convert_str_array", repr(default_convert(np.array(["a"]))))
expect_error("collate_object", lambda: default_collate([object(), object()]), "batch must contain tensors")
expect_error("collate_none", lambda: default_collate([None, None]), "batch must contain tensors")
expect_error("collate_ragged", lambda: default_collate([torch.zeros(2), torch.zeros(3)]),
             "stack expects each tensor to be equal size")
expect_error("collate_ragged_np", lambda: default_collate([np.zeros(2), np.zeros(3)]),
             "stack expects each tensor to be equal size")
expect_error("collate_ragged_list", lambda: default_collate([[1, 2], [1]]), "each element in list of batch")
expect_error("collate_np_str", lambda: default_collate([np.array(["a"]), np.array(["b"])]),
             "batch must contain tensors")

# custom collate_fn, batch_sampler
emit("custom_collate", list(DataLoader(range(5), batch_size=2, collate_fn=lambda b: sum(b))))
bs = BatchSampler(SequentialSampler(range(7)), 3, drop_last=False)
emit("batch_sampler", list(bs))
emit("batch_sampler_len", [len(bs), len(BatchSampler(range(7), 3, True))])
emit("loader_batch_sampler", list(DataLoader(ds, batch_sampler=[[0, 2], [5]])))

# datasets
emit("subset", [Subset(ds, [4, 0])[1], len(Subset(ds, [4, 0]))])
cat = ConcatDataset([range(3), range(10, 12)])
emit("concat", [len(cat), cat[3], cat[-1], cat.cumulative_sizes])
emit("concat_add", len(ds + ds))


class Count(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


emit("iterable_batches", list(DataLoader(Count(7), batch_size=3)))
emit("iterable_drop_last", list(DataLoader(Count(7), batch_size=3, drop_last=True)))
emit("chain", list(ChainDataset([Count(2), Count(3)])))
emit("iterable_add", list(Count(2) + Count(2)))
parts = random_split(range(10), [3, 7])
emit("split_lengths", [len(p) for p in parts])
emit("split_cover", sorted(list(parts[0]) + list(parts[1])))
emit("split_fractions", [len(p) for p in random_split(range(10), [0.33, 0.33, 0.34])])
emit("split_generator_same", list(random_split(range(10), [5, 5], generator=torch.Generator().manual_seed(1))[0].indices)
     == list(random_split(range(10), [5, 5], generator=torch.Generator().manual_seed(1))[0].indices))

# samplers by their properties
torch.manual_seed(0)
perm = list(RandomSampler(range(8)))
emit("random_perm", sorted(perm))
emit("random_len", [len(RandomSampler(range(8))), len(RandomSampler(range(8), replacement=True, num_samples=20)),
                    len(list(RandomSampler(range(8), replacement=True, num_samples=20)))])
over = list(RandomSampler(range(4), num_samples=10))
emit("random_more_than_n", [len(over), sorted(over[:4]), sorted(over[4:8])])
emit("shuffled_loader_cover", sorted(torch.cat([b[1] for b in DataLoader(ds, batch_size=3, shuffle=True)]).tolist()))
g = torch.Generator().manual_seed(5)
emit("subset_random", sorted(SubsetRandomSampler([7, 3, 9], generator=g)))
w = WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], 50)
draws = list(w)
emit("weighted_support", sorted(set(draws)))
emit("weighted_props", [len(draws), len(w), w.num_samples, w.replacement])
emit("weighted_weights", w.weights)
emit("weighted_norepl", sorted(WeightedRandomSampler([1.0, 2.0, 3.0], 3, replacement=False)))
r = RandomSampler(range(4))
emit_text("random_attrs", [r.num_samples, r.replacement, r.generator])

# DistributedSampler with explicit replicas
shards = [list(DistributedSampler(range(5), num_replicas=2, rank=k, shuffle=False)) for k in range(2)]
emit("dist_pad", shards)
emit("dist_drop", [list(DistributedSampler(range(5), num_replicas=2, rank=k, shuffle=False, drop_last=True))
                   for k in range(2)])
emit("dist_len", [len(DistributedSampler(range(5), num_replicas=3, rank=0)),
                  DistributedSampler(range(10), num_replicas=3, rank=1).total_size])
sh = [DistributedSampler(range(9), num_replicas=3, rank=k, shuffle=True, seed=4) for k in range(3)]
for s in sh:
    s.set_epoch(2)
emit("dist_shuffle_cover", sorted(sum((list(s) for s in sh), [])))
emit("dist_same_epoch_same_order", list(sh[0]) == list(sh[0]))
emit("dist_pad_many", [list(DistributedSampler(range(2), num_replicas=5, rank=k, shuffle=False)) for k in range(5)])

# torch's errors
expect_error("bs0", lambda: DataLoader(ds, batch_size=0), "batch_size should be a positive integer value")
expect_error("bs_float", lambda: DataLoader(ds, batch_size=2.0), "batch_size should be a positive integer value")
expect_error("sampler_shuffle", lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True),
             "sampler option is mutually exclusive with shuffle")
expect_error("batch_sampler_bs", lambda: DataLoader(ds, batch_sampler=[[0]], batch_size=3),
             "batch_sampler option is mutually exclusive")
expect_error("batch_sampler_drop", lambda: DataLoader(ds, batch_sampler=[[0]], drop_last=True),
             "batch_sampler option is mutually exclusive")
expect_error("bs_none_drop", lambda: DataLoader(ds, batch_size=None, drop_last=True),
             "disables auto-batching")
expect_error("neg_workers", lambda: DataLoader(ds, num_workers=-1), "num_workers option should be non-negative")
expect_error("neg_timeout", lambda: DataLoader(ds, timeout=-1), "timeout option should be non-negative")
expect_error("prefetch_no_workers", lambda: DataLoader(ds, prefetch_factor=2), "prefetch_factor option could only")
expect_error("persistent_no_workers", lambda: DataLoader(ds, persistent_workers=True),
             "persistent_workers option needs num_workers > 0")
expect_error("context_no_workers", lambda: DataLoader(ds, multiprocessing_context="spawn"),
             "multiprocessing_context can only be used")
expect_error("context_bad", lambda: DataLoader(ds, num_workers=1, multiprocessing_context="nope"),
             "multiprocessing_context option should specify a valid start method")
expect_error("iterable_shuffle", lambda: DataLoader(Count(3), shuffle=True), "expected unspecified shuffle option")
expect_error("iterable_sampler", lambda: DataLoader(Count(3), sampler=[0]), "expected unspecified sampler option")
expect_error("iterable_len", lambda: len(DataLoader(Count(3))), "has no len()")
expect_error("set_batch_size", lambda: setattr(DataLoader(ds), "batch_size", 3),
             "batch_size attribute should not be set after DataLoader is initialized")
expect_error("tensor_ds_index", lambda: ds[10], "index 10 is out of bounds for dimension 0 with size 10")
expect_error("batch_sampler_index", lambda: list(DataLoader(ds, batch_sampler=[[0, 12]])), "out of bounds")
emit("subset_loader", list(DataLoader(Subset(ds, [9, 1, 4]), batch_size=2)))
expect_error("split_sum", lambda: random_split(range(10), [3, 3]), "Sum of input lengths does not equal")
expect_error("tensor_ds_sizes", lambda: TensorDataset(torch.zeros(3), torch.zeros(4)), "Size mismatch between tensors")
expect_error("concat_empty", lambda: ConcatDataset([]), "datasets should not be an empty iterable")
expect_error("concat_iterable", lambda: ConcatDataset([Count(2)]), "does not support IterableDataset")
expect_error("concat_index", lambda: ConcatDataset([range(2)])[-3], "absolute value of index")
expect_error("dataset_getitem", lambda: Dataset()[0], "Subclasses of Dataset should implement __getitem__")
expect_error("random_replacement", lambda: RandomSampler(ds, replacement=1), "replacement should be a boolean value")
expect_error("random_num_samples", lambda: RandomSampler(ds, num_samples=0), "num_samples should be a positive integer")
expect_error("weighted_num_samples", lambda: WeightedRandomSampler([0.1, 0.2], 0), "num_samples should be a positive")
expect_error("weighted_2d", lambda: WeightedRandomSampler([[0.1, 0.2]], 2), "weights should be a 1d sequence")
expect_error("weighted_norepl_too_many", lambda: list(WeightedRandomSampler([0.1, 0.2], 3, replacement=False)),
             "cannot sample n_sample > prob_dist.size(-1) samples without replacement")
expect_error("batch_sampler_bad", lambda: BatchSampler(range(5), 0, False), "batch_size should be a positive integer")
expect_error("batch_sampler_droplast", lambda: BatchSampler(range(5), 2, 1), "drop_last should be a boolean value")
expect_error("dist_rank", lambda: DistributedSampler(ds, num_replicas=2, rank=2), "Invalid rank 2")
expect_error("dist_no_group", lambda: DistributedSampler(ds), "Default process group has not been initialized")
expect_error("sampler_base", lambda: iter(torch.utils.data.Sampler()), "")
