"""Record real MindSpore's CPU random draws, bit for bit, for tests/mindspore/test_ms_rng_bits.py.

    .venvs/mindspore/bin/python tools/make_ms_rng_goldens.py   # writes tests/mindspore/data/rng_bits.npz

``cases`` is shared with the test, which runs the same calls with ``gradcompat.mindspore`` and
compares the raw bytes. Each seed runs all cases in order after one ``set_seed``, so the op-seed
bookkeeping (per-kernel-name counters) and numpy's global stream are exercised as well.
"""
from __future__ import annotations

import importlib
import os
import sys

import numpy as np

SEEDS = (0, 1, 7, 42, 123456789, 2**31 + 3)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "mindspore", "data", "rng_bits.npz")


def cases(ms):
    """(name, thunk) pairs; each thunk returns a numpy array (or a tuple of them)."""
    ops, nn, I = ms.ops, ms.nn, ms.common.initializer
    T = ms.Tensor

    def init(obj, shape, dtype=None):
        return lambda: I.initializer(obj, shape, dtype or ms.float32).asnumpy()

    def params(cell):
        return tuple(p.asnumpy() for p in cell.get_parameters())

    def dropout_twice():
        d = nn.Dropout(p=0.3)
        d.set_train()
        x = T(np.linspace(-2, 3, 257).astype(np.float32))
        return d(x).asnumpy(), d(x).asnumpy()

    def dataset_epochs(sampler):
        ds = importlib.import_module(ms.__name__ + ".dataset")
        src = [(np.array(i),) for i in range(13)]
        d = ds.GeneratorDataset(src, ["x"], sampler=ds.RandomSampler()) if sampler else \
            ds.GeneratorDataset(src, ["x"], shuffle=True)
        it = d.create_tuple_iterator(num_epochs=3, output_numpy=True)
        return tuple(np.array([int(r[0]) for r in it]) for _ in range(3))

    def dropout2d():
        # Dropout2D kernels are not seeded by set_seed: a (keep_prob, shape) kernel's stream lives
        # as long as the process, so each seed's pass uses its own shape (a fresh kernel)
        b = 2 + SEEDS.index(ms.get_seed())
        y = T(np.arange(1, b * 8 * 2 * 2 + 1, dtype=np.float32).reshape(b, 8, 2, 2))
        a = ops.Dropout2D(0.7)(y)
        b = ops.Dropout2D(0.7)(y)  # the same kernel: its stream continues
        d = nn.Dropout2d(p=0.5)
        d.set_train()
        return a[0].asnumpy(), a[1].asnumpy(), b[0].asnumpy(), d(y).asnumpy()

    def prim_twice(prim, shape):
        return prim(shape).asnumpy(), prim(shape).asnumpy()

    dsm = importlib.import_module(ms.__name__ + ".dataset")

    def sampled(n: int = 13, epochs: int = 3, **kwargs):
        # the indices a GeneratorDataset of n rows reads in each epoch
        d = dsm.GeneratorDataset([(np.array(i),) for i in range(n)], ["x"], **kwargs)
        it = d.create_tuple_iterator(num_epochs=epochs, output_numpy=True)
        return tuple(np.array([int(r[0]) for r in it]) for _ in range(epochs))

    def buffered(n: int, size: int, epochs: int = 3, repeat: int = 1, shuffle: bool = False):
        # the rows of dataset.shuffle(size) (a shuffle buffer) in each epoch
        d = dsm.GeneratorDataset([(np.array(i),) for i in range(n)], ["x"], shuffle=shuffle).shuffle(size)
        it = (d.repeat(repeat) if repeat > 1 else d).create_tuple_iterator(num_epochs=epochs, output_numpy=True)
        return tuple(np.array([int(r[0]) for r in it]) for _ in range(epochs))

    out = [
        ("normal", init(I.Normal(), (7,))),
        ("normal_args", init(I.Normal(0.5, 0.1), (33, 17))),
        ("normal_odd_big", init(I.Normal(2.0), (2049,))),
        ("uniform", init(I.Uniform(), (1000,))),
        ("uniform_scale", init(I.Uniform(3.5), (5, 9))),
        ("he_uniform", init(I.HeUniform(), (64, 32))),
        ("he_uniform_sqrt5", init(I.HeUniform(np.sqrt(5)), (16, 8, 3, 3))),
        ("he_normal", init(I.HeNormal(), (16, 8, 3, 3))),
        ("xavier_uniform", init(I.XavierUniform(), (20, 30))),
        ("truncated_normal", init(I.TruncatedNormal(0.02), (300,))),
        ("truncated_normal_args", init(I.TruncatedNormal(1.0, 0.5, -1.0, 2.0), (1500,))),
        ("normal_f16", init(I.Normal(1.0), (40,), ms.float16)),
        ("str_normal", init("normal", (3, 4))),
        ("dense", lambda: params(nn.Dense(5, 3))),
        ("dense_big", lambda: params(nn.Dense(300, 70))),
        ("conv2d", lambda: params(nn.Conv2d(3, 4, 3, has_bias=True))),
        ("embedding", lambda: params(nn.Embedding(10, 4))),
        ("lstm", lambda: params(nn.LSTM(3, 4, num_layers=2, bidirectional=True))),
        ("gru", lambda: params(nn.GRU(2, 3, has_bias=False))),
        ("lstm_cell", lambda: params(nn.LSTMCell(3, 4))),
        ("gru_cell", lambda: params(nn.GRUCell(2, 5, has_bias=False))),
        ("rand", lambda: ops.rand(7).asnumpy()),
        ("rand_2d", lambda: ops.rand(2, 300).asnumpy()),
        ("rand_seed", lambda: ops.rand(4, seed=7).asnumpy()),
        ("randn", lambda: ops.randn(5).asnumpy()),
        ("randn_2d", lambda: ops.randn(3, 101).asnumpy()),
        ("randint", lambda: ops.randint(0, 10, (12,)).asnumpy()),
        ("randint_wide", lambda: ops.randint(-5, 1000000, (40,)).asnumpy()),
        ("randint_huge", lambda: ops.randint(-2**30, 2**30 + 12345, (40,)).asnumpy()),
        ("uniform_op", lambda: ops.uniform((50,), T(-1.0), T(2.0)).asnumpy()),
        ("uniform_int", lambda: ops.uniform((20,), T(3, ms.int32), T(17, ms.int32), dtype=ms.int32).asnumpy()),
        ("standard_normal", lambda: ops.standard_normal((9,)).asnumpy()),
        ("normal_op", lambda: ops.normal((4, 5), 1.5, 0.25).asnumpy()),
        ("sn_prim", lambda: prim_twice(ops.StandardNormal(seed=3, seed2=5), (3, 3))),
        ("ur_prim", lambda: prim_twice(ops.UniformReal(seed=2), (11,))),
        ("dropout", dropout_twice),
        ("dropout_prim", lambda: tuple(t.asnumpy() for t in ops.Dropout(0.7, 5, 0)(T(np.arange(30, dtype=np.float32) - 7.5)))),
        ("dropout_fn", lambda: ops.dropout(T(np.ones((4, 6), np.float32)), p=0.4).asnumpy()),
        ("shuffle", lambda: ops.shuffle(T(np.arange(10))).asnumpy()),
        ("shuffle_2d", lambda: ops.shuffle(T(np.arange(24, dtype=np.float32).reshape(8, 3))).asnumpy()),
        ("shuffle_prim", lambda: prim_twice(ops.RandomShuffle(seed=4), T(np.arange(301)))),
        ("dataset_epochs", lambda: dataset_epochs(False)),
        ("dataset_sampler", lambda: dataset_epochs(True)),
        ("randperm", lambda: ops.randperm(10).asnumpy()),
        ("randperm_seed", lambda: ops.randperm(300, seed=3, dtype=ms.int32).asnumpy()),
        ("randperm_offset", lambda: ops.randperm(7, seed=3, offset=2).asnumpy()),
        ("dropout2d", lambda: dropout2d()),
        ("np_after", lambda: np.random.rand(3)),  # numpy's global stream, as set_seed and the initializers left it
        ("sampler_num_samples", lambda: sampled(sampler=dsm.RandomSampler(num_samples=5))),
        ("sampler_replacement", lambda: sampled(sampler=dsm.RandomSampler(replacement=True))),
        ("sampler_replacement_num", lambda: sampled(sampler=dsm.RandomSampler(replacement=True, num_samples=7))),
        ("sampler_subset", lambda: sampled(sampler=dsm.SubsetRandomSampler([1, 3, 5, 7, 9, 11, 12, 0]))),
        ("sampler_subset_num", lambda: sampled(sampler=dsm.SubsetRandomSampler([4, 2, 9, 6, 0], num_samples=3))),
        ("sampler_distributed", lambda: sampled(sampler=dsm.DistributedSampler(3, 1))),
        ("sampler_distributed_num", lambda: sampled(sampler=dsm.DistributedSampler(4, 3, num_samples=2))),
        ("shards_kwargs", lambda: sampled(num_shards=3, shard_id=2)),
        ("shuffle_num_samples", lambda: sampled(num_samples=4, shuffle=True)),
        ("num_samples_default_shuffle", lambda: sampled(num_samples=6)),
        ("weighted", lambda: sampled(sampler=dsm.WeightedRandomSampler([0.1, 0.5, 0.2, 0.2, 1.0, 0, 3], 6), n=9)),
        ("weighted_no_replacement", lambda: sampled(
            sampler=dsm.WeightedRandomSampler([0.3, 2, 0.2, 0.25, 1.0, 4, 0.5, 0.7], 5, replacement=False), n=8)),
        ("buffer_shuffle", lambda: buffered(20, 5)),
        ("buffer_shuffle_big_buffer", lambda: buffered(7, 30)),
        ("buffer_shuffle_repeat", lambda: buffered(9, 4, repeat=2)),
        ("buffer_shuffle_after_sampler", lambda: buffered(300, 64, epochs=2, shuffle=True)),
        ("weighted_big", lambda: sampled(sampler=dsm.WeightedRandomSampler(list(np.linspace(0.01, 1, 300))), n=300,
                                         epochs=2)),
    ]
    return out


GRAPH_SEEDS = (0, 42)


def graph_cases(ms):
    """(name, thunk) pairs run in GRAPH_MODE / ``jit``: each call site of a random op is a kernel
    of its own, seeded when the graph compiles and continuing across calls; a new input shape
    compiles a new graph (fresh kernels, new op seeds); a body with control flow on values."""
    ops, nn = ms.ops, ms.nn
    T = ms.Tensor

    class Draws(nn.Cell):
        def __init__(self):
            super().__init__()
            self.sn = ops.StandardNormal(seed=3, seed2=5)
            self.ur = ops.UniformReal(seed=2)
            self.ui = ops.UniformInt(seed=1, seed2=9)
            self.rs = ops.RandomShuffle(seed=4)
            self.dp = ops.Dropout(0.7, 5, 0)
            self.d2 = ops.Dropout2D(0.6)
            self.drop = nn.Dropout(p=0.3)

        def construct(self, x, y):
            a = self.sn((3, 3)) + x
            b = self.sn((5,))
            c = self.ur((11,))
            d = self.ui((7,), T(2, ms.int32), T(40, ms.int32))
            e = self.rs(y)
            f, g = self.dp(x)
            h = self.d2(ops.ones((2, 6, 2, 1), ms.float32))[0]
            i = self.drop(ops.ones((40,), ms.float32))
            return (a, b, c, d, e, f, g, h, i, ops.randn(2, 5), ops.rand(9), ops.uniform((6,), T(-1.0), T(2.0)),
                    ops.uniform((6,), T(3, ms.int32), T(17, ms.int32), dtype=ms.int32), ops.standard_normal((7,)),
                    ops.normal((4,), 1.5, 0.25), ops.randint(0, 10, (8,)), ops.shuffle(y),
                    ops.dropout(ops.ones((4, 6), ms.float32), p=0.4), ops.randperm(12, seed=3), ops.randn(3))

    def draws():
        ms.set_context(mode=ms.GRAPH_MODE)
        try:
            net = Draws()
            net.set_train()
            x, y = T(np.zeros((3, 3), np.float32)), T(np.arange(10, dtype=np.float32))
            out = []
            for _ in range(3):
                out += [o.asnumpy() for o in net(x, y)]
            out += [o.asnumpy() for o in net(T(np.zeros((1, 3), np.float32)), y)]  # a new graph
            out += [o.asnumpy() for o in net(x, y)]  # the first graph again: its kernels continue
            return tuple(out)
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)

    @ms.jit
    def jitted(x):
        return ops.randn(4) + x, ops.dropout(ops.ones((10,), ms.float32), p=0.5), ops.rand(3)

    def jit_calls():
        x = T(np.zeros(4, np.float32))
        return tuple(o.asnumpy() for _ in range(3) for o in jitted(x))

    class Branchy(nn.Cell):
        def __init__(self):
            super().__init__()
            self.ur = ops.UniformReal(seed=1, seed2=2)

        def construct(self, x):
            y = self.ur((2,)) + x
            if x.sum() > 0:
                y = y + ops.randn((2,))
            return y

    def branches():
        ms.set_context(mode=ms.GRAPH_MODE)
        try:
            net = Branchy()
            return tuple(net(T(np.full(2, v, np.float32))).asnumpy() for v in (1, 1, -1, 1))
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)

    return [
        ("draws", draws),
        ("jit", jit_calls),
        ("branches", branches),
        ("pynative_after", lambda: (ops.randn(3).asnumpy(), ops.rand(2).asnumpy(), ops.dropout(
            T(np.ones(8, np.float32))).asnumpy())),  # the op seeds, as the graphs left them
    ]


def record(ms) -> dict[str, np.ndarray]:
    data = {}
    for seed in SEEDS:
        ms.set_seed(seed)
        for name, thunk in cases(ms):
            got = thunk()
            for i, a in enumerate(got if isinstance(got, tuple) else (got,)):
                data[f"{seed}/{name}/{i}"] = np.asarray(a)
    for seed in GRAPH_SEEDS:
        ms.set_seed(seed)
        for name, thunk in graph_cases(ms):
            got = thunk()
            for i, a in enumerate(got if isinstance(got, tuple) else (got,)):
                data[f"graph/{seed}/{name}/{i}"] = np.asarray(a)
    return data


if __name__ == "__main__":
    import mindspore
    mindspore.set_device("CPU") if hasattr(mindspore, "set_device") else None
    data = record(mindspore)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **data)
    print(f"{len(data)} arrays -> {os.path.relpath(OUT)}", file=sys.stderr)
