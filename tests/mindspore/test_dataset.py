"""mindspore.dataset behaviour that golden programs cannot pin down: worker processes really
used (and stopped), seeded and per-epoch shuffles, the values iterators hand out, the
iterator protocol Model.train relies on. Exact values and errors live in the ds_* goldens."""
from __future__ import annotations

import os
import time

import numpy as np
import pytest

import gradcompat.mindspore as ms
import gradcompat.mindspore.dataset as ds
from gradcompat.data import streams


class PidSource:
    """Each row: its index and the pid of the process that read it."""

    def __getitem__(self, index):
        time.sleep(0.002)  # long enough that both workers get tasks
        return np.array(index), np.array(os.getpid())

    def __len__(self):
        return 64


def _pids_and_order(dataset) -> tuple[set, list]:
    rows = list(dataset.create_tuple_iterator(output_numpy=True, num_epochs=1))
    return {int(r[1]) for r in rows}, [int(r[0]) for r in rows]


def test_generator_workers_are_other_processes_and_keep_the_order():
    d = ds.GeneratorDataset(PidSource(), ["i", "pid"], shuffle=False, num_parallel_workers=2)
    pids, order = _pids_and_order(d)
    assert os.getpid() not in pids and len(pids) == 2
    assert order == list(range(64))


def test_generator_without_python_multiprocessing_reads_here():
    d = ds.GeneratorDataset(PidSource(), ["i", "pid"], shuffle=False, num_parallel_workers=2,
                            python_multiprocessing=False)
    assert _pids_and_order(d)[0] == {os.getpid()}


def test_map_workers_are_other_processes():
    d = ds.NumpySlicesDataset(np.arange(32), ["i"], shuffle=False)
    d = d.map(lambda i: (i, np.array(os.getpid())), "i", ["i", "pid"], num_parallel_workers=2,
              python_multiprocessing=True)
    pids, order = _pids_and_order(d)
    assert os.getpid() not in pids and pids
    assert order == list(range(32))


def test_workers_stop_after_the_last_epoch_and_serve_every_epoch():
    d = ds.GeneratorDataset(PidSource(), ["i", "pid"], shuffle=False, num_parallel_workers=2)
    it = d.create_tuple_iterator(num_epochs=2, output_numpy=True)
    first = [int(r[0]) for r in it]
    processes = list(it._run._pools.values())[0].processes
    assert all(p.is_alive() for p in processes)  # kept between epochs
    second = [int(r[0]) for r in it]
    assert first == second == list(range(64))
    assert not any(p.is_alive() for p in processes)


def test_worker_error_is_mindspores_runtime_error():
    class Bad:
        def __getitem__(self, i):
            raise KeyError("missing row")

        def __len__(self):
            return 4

    d = ds.GeneratorDataset(Bad(), ["a"], num_parallel_workers=2)
    with pytest.raises(RuntimeError, match="Exception thrown from user defined Python function") as info:
        list(d.create_tuple_iterator())
    assert "KeyError: 'missing row'" in str(info.value)


def test_seeded_shuffles_repeat_across_runs_and_differ_across_epochs():
    ds.config.set_seed(7)
    try:
        d = ds.NumpySlicesDataset(np.arange(50), ["a"]).shuffle(10)
        run1 = d.create_tuple_iterator(output_numpy=True)
        epoch1, epoch2 = [int(r[0]) for r in run1], [int(r[0]) for r in run1]
        again = [int(r[0]) for r in d.create_tuple_iterator(output_numpy=True)]
    finally:
        ds.config._state["seed"] = None
    assert epoch1 == again
    assert epoch1 != epoch2
    assert sorted(epoch1) == sorted(epoch2) == list(range(50))
    assert ds.config.get_seed() == 5489


def test_buffered_shuffle_is_a_local_permutation():
    out = list(streams.buffered_shuffle(range(100), 5, 0))
    assert sorted(out) == list(range(100)) and out != list(range(100))
    # an item leaves at most buffer_size - 1 places before its position
    assert all(out.index(i) >= i - 4 for i in range(100))


def test_iterators_hand_out_dialect_tensors_that_ops_accept():
    d = ds.NumpySlicesDataset({"x": np.ones((4, 3), np.float32), "y": np.arange(4, dtype=np.int32)},
                              shuffle=False).batch(2)
    x, y = next(d.create_tuple_iterator())
    assert isinstance(x, ms.Tensor) and x.dtype == ms.float32 and y.dtype == ms.int32
    assert ms.ops.reduce_sum(x).asnumpy() == 6
    row = next(d.create_dict_iterator())
    assert isinstance(row["x"], ms.Tensor) and row["x"].shape == (2, 3)


def test_model_train_protocol_epoch_per_loop():
    d = ds.NumpySlicesDataset(np.arange(6, dtype=np.float32), ["x"], shuffle=False).batch(4)
    assert d.get_dataset_size() == 2 and d.get_batch_size() == 4
    it = d.create_dict_iterator(num_epochs=3)
    counts = [sum(1 for _ in it) for _ in range(3)]
    assert counts == [2, 2, 2]
    with pytest.raises(RuntimeError, match="beyond the specified number of epochs"):
        next(it)


def test_callable_source_is_called_each_epoch():
    calls = []

    def gen():
        calls.append(1)
        yield from ((np.array(i),) for i in range(3))

    it = ds.GeneratorDataset(gen, ["a"]).create_tuple_iterator(num_epochs=2)
    assert [len(list(it)) for _ in range(2)] == [3, 3] and len(calls) == 2


def test_random_transforms_in_workers_draw_differently_and_follow_the_seed():
    import gradcompat.mindspore.dataset.vision as vision

    def flips(seed):
        ds.config.set_seed(seed)
        try:
            d = ds.NumpySlicesDataset(np.tile(np.arange(4, dtype=np.uint8), (40, 1, 1))[..., None], ["img"],
                                      shuffle=False)
            d = d.map(vision.RandomHorizontalFlip(), "img", num_parallel_workers=2, python_multiprocessing=True)
            return [int(r[0][0, 0, 0] == 3) for r in d.create_tuple_iterator(output_numpy=True, num_epochs=1)]
        finally:
            ds.config._state["seed"] = None
            ds.config._state["transform_rng"] = None

    first = flips(3)
    assert 5 < sum(first) < 35  # both outcomes, from both workers
    assert flips(3) == first
    assert flips(4) != first


def test_map_worker_count_is_checked_against_the_cpus():
    d = ds.NumpySlicesDataset(np.arange(4), ["a"])
    with pytest.raises(ValueError, match="num_parallel_workers exceeds the boundary between 1 and"):
        d.map(lambda a: a, "a", num_parallel_workers=10 ** 6)


class FrameworkSource:
    """Refers to the dialect (as a source computing with ops would): must not run in a fork."""

    def __getitem__(self, index):
        assert ms.float32 is not None
        return np.array(index), np.array(os.getpid())

    def __len__(self):
        return 8


def test_sources_and_maps_that_use_the_framework_read_here_as_mindspore_decides():
    d = ds.GeneratorDataset(FrameworkSource(), ["i", "pid"], shuffle=False, num_parallel_workers=2)
    with pytest.warns(UserWarning, match="decrease 'num_parallel_workers' into 1"):
        pids, order = _pids_and_order(d)
    assert pids == {os.getpid()} and order == list(range(8))
    m = ds.NumpySlicesDataset(np.arange(4, dtype=np.float32), ["x"], shuffle=False)
    m = m.map(lambda x: (x, np.array(os.getpid()) if ms.float32 else None), "x", ["x", "pid"],
              num_parallel_workers=2, python_multiprocessing=True)
    with pytest.warns(UserWarning, match="decrease 'num_parallel_workers' into 1"):
        assert _pids_and_order(m)[0] == {os.getpid()}


def test_mindspore_1x_import_paths_are_the_same_ops(tmp_path):
    """``c_transforms`` / ``py_transforms`` are gone from MindSpore 2.x; older programs import them."""
    import subprocess
    import sys
    script = tmp_path / "old_paths.py"
    script.write_text(
        "import numpy as np\n"
        "import mindspore.dataset.vision.c_transforms as CV\n"
        "import mindspore.dataset.transforms.c_transforms as C\n"
        "import mindspore.dataset.vision.py_transforms as PV\n"
        "from mindspore.dataset.vision import Inter\n"
        "from mindspore import dtype as mstype\n"
        "import mindspore.dataset as ds\n"
        "d = ds.NumpySlicesDataset({'image': np.zeros((2, 6, 6, 3), np.uint8), 'label': np.array([1, 2])},\n"
        "                          shuffle=False)\n"
        "d = d.map([CV.Resize((4, 4), Inter.LINEAR), CV.Rescale(1 / 255, 0), CV.HWC2CHW()], 'image')\n"
        "d = d.map(C.TypeCast(mstype.int32), 'label').batch(2)\n"
        "image, label = next(d.create_tuple_iterator())\n"
        "print(image.shape, label.dtype, PV.ToTensor is not None)\n")
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", str(script)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(2, 3, 4, 4) Int32 True"


def test_random_split_parts_are_disjoint_and_cover_the_rows():
    a, b = ds.NumpySlicesDataset(np.arange(20), ["a"], shuffle=False).split([0.75, 0.25])
    rows_a = [int(r[0]) for r in a.create_tuple_iterator(output_numpy=True)]
    rows_b = [int(r[0]) for r in b.create_tuple_iterator(output_numpy=True)]
    assert len(rows_a) == 15 and sorted(rows_a + rows_b) == list(range(20))
    assert rows_a == [int(r[0]) for r in a.create_tuple_iterator(output_numpy=True)]  # drawn once
