"""Random ops inside compiled MindSpore calls: the program is traced once and replayed, and each
replay draws the next numbers of each call site's kernel (MindSpore's streams, which the bit
goldens in test_ms_rng_bits.py check value by value)."""
from __future__ import annotations

import numpy as np

import gradcompat.mindspore as ms
from gradcompat.mindspore import ops
from gradcompat.random import mindspore_stream as mss


def test_jit_random_ops_replay_without_retracing_and_draw_on():
    traced = []

    @ms.jit
    def draw(x):
        traced.append(1)  # Python side effects run when the call is traced only
        return ops.StandardNormal(seed=3, seed2=4)((5,)) + x, ops.Dropout(0.5, 1, 2)(ops.ones((64,), ms.float32))[1]

    x = ms.Tensor(np.zeros(5, np.float32))
    outs = [draw(x) for _ in range(4)]
    assert len(traced) == 1
    gen = mss.MinStd(mss.get_seed(3, 4))
    expected = [mss.standard_normal(gen, 5) for _ in range(4)]  # one kernel, its stream running on
    for (normal, _), ref in zip(outs, expected):
        assert normal.asnumpy().tobytes() == ref.tobytes()
    masks = [m.asnumpy() for _, m in outs]
    assert not all(np.array_equal(masks[0], m) for m in masks[1:])


def test_pynative_stream_of_a_primitive_is_not_the_graph_kernel():
    # a primitive used in PyNative and in a compiled Cell: the compiled call site starts from the seed
    prim = ops.UniformReal(seed=9)
    first = prim((3,)).asnumpy()

    class Net(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.prim = prim

        def construct(self, x):
            return self.prim((3,)) + x

    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        graph_first = Net()(ms.Tensor(np.zeros(3, np.float32))).asnumpy()
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
    assert graph_first.tobytes() == first.tobytes()
