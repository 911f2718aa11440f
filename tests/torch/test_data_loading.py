"""DataLoader worker processes (things golden programs cannot show): batches really come from
other processes, worker_init_fn runs once in each, worker errors reach the main process with
the worker's traceback, an IterableDataset is split by get_worker_info(), persistent workers
are reused across epochs; and the dialect-free pool and index orders under them."""
import os
import time

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat import data
from gradcompat.torch.utils.data import DataLoader, Dataset, IterableDataset, TensorDataset, get_worker_info

_INIT_MARK = None


class PidDataset(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return torch.tensor([float(i)]) * 2, os.getpid(), -1 if _INIT_MARK is None else _INIT_MARK


def mark_worker(worker_id):
    global _INIT_MARK
    info = get_worker_info()
    _INIT_MARK = 100 * worker_id + info.num_workers


class Failing(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        if i == 3:
            raise ValueError(f"no item {i}")
        return i


class Sharded(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = get_worker_info()
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        for i in range(start, self.n, step):
            yield {"i": i, "pid": os.getpid(), "x": np.full(2, i, np.float32)}


def test_batches_come_from_worker_processes_as_usable_tensors():
    loader = DataLoader(PidDataset(), batch_size=2, num_workers=2, worker_init_fn=mark_worker)
    batches = list(loader)
    pids = {pid for _, pids, _ in batches for pid in pids.tolist()}
    assert len(pids) == 2 and os.getpid() not in pids
    values = torch.cat([x for x, _, _ in batches])
    assert values.dtype == torch.float32 and values.shape == (8, 1)
    assert ((values + 1).sum()).item() == sum(2 * i + 1 for i in range(8))  # usable in this process
    # worker_init_fn ran once in each worker, with its id and the worker info set
    marks = {pid: mark for _, pids, marks in batches for pid, mark in zip(pids.tolist(), marks.tolist())}
    assert sorted(marks.values()) == [2, 102]
    assert get_worker_info() is None


def test_worker_error_is_raised_here_with_the_worker_traceback():
    with pytest.raises(ValueError) as info:
        list(DataLoader(Failing(), batch_size=2, num_workers=2))
    message = str(info.value)
    assert "Caught ValueError in DataLoader worker process 1." in message
    assert "Original Traceback (most recent call last):" in message
    assert 'raise ValueError(f"no item {i}")' in message and "ValueError: no item 3" in message


def test_iterable_dataset_split_by_worker_info():
    batches = list(DataLoader(Sharded(9), batch_size=2, num_workers=2))
    items = sorted(i for b in batches for i in b["i"].tolist())
    assert items == list(range(9))  # every item once: each worker took its own share
    assert len({p for b in batches for p in b["pid"].tolist()}) == 2
    assert all(b["x"].dtype == torch.float32 for b in batches)


def test_persistent_workers_are_reused_across_epochs():
    loader = DataLoader(PidDataset(), batch_size=4, num_workers=2, persistent_workers=True)
    first = {p for _, pids, _ in loader for p in pids.tolist()}
    second = {p for _, pids, _ in loader for p in pids.tolist()}
    assert first == second and len(first) == 2
    workers = loader._iterator._workers
    assert all(w.is_alive() for w in workers)
    loader._iterator._shutdown_workers()
    assert not any(w.is_alive() for w in workers)


def test_non_persistent_workers_stop_after_an_epoch():
    iterator = iter(DataLoader(PidDataset(), batch_size=4, num_workers=1))
    workers = list(iterator._workers)
    assert len(list(iterator)) == 2
    assert not any(w.is_alive() for w in workers)


# ----- the dialect-free pieces (fork: these fetches run no JAX) ------------------------------

class _Echo:
    def __call__(self):
        def fetch(payload):
            if payload == "sleep":
                time.sleep(1.5)
            if payload == "die":
                os._exit(3)
            return payload, data.get_worker_info().id
        return fetch


_FORK_OK = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")


@_FORK_OK
def test_pool_orders_results_and_spreads_work():
    pool = data.WorkerPool(data.WorkerSpec(_Echo()), 3, context="fork", prefetch_factor=1)
    try:
        out = list(pool.imap(range(10)))
        assert [p for p, _ in out] == list(range(10))
        assert {w for _, w in out} == {0, 1, 2}
        assert [p for p, _ in pool.imap(range(4))] == [0, 1, 2, 3]  # a second epoch, same processes
    finally:
        pool.shutdown()


@_FORK_OK
def test_pool_timeout_and_dead_worker():
    pool = data.WorkerPool(data.WorkerSpec(_Echo()), 1, context="fork", timeout=0.3)
    with pytest.raises(RuntimeError, match=r"DataLoader timed out after 0.3 seconds"):
        list(pool.imap(["sleep"]))
    pool.shutdown()
    pool = data.WorkerPool(data.WorkerSpec(_Echo()), 1, context="fork")
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid\(s\) \d+\) exited unexpectedly"):
        list(pool.imap(["die"]))


def test_orders():
    assert sorted(data.orders.permutation(7, 3).tolist()) == list(range(7))
    assert data.orders.permutation(7, 3).tolist() == data.orders.permutation(7, 3).tolist()
    with pytest.raises(ValueError):
        data.orders.weighted([0, 1, 0, 2], 3, False, 0)
    assert sorted(data.orders.weighted([0, 1, 0, 2], 2, False, 0).tolist()) == [1, 3]
    shards = [data.orders.shard(np.arange(5), 2, r, False).tolist() for r in range(2)]
    assert shards == [[0, 2, 4], [1, 3, 0]]
    assert [data.orders.shard(np.arange(5), 2, r, True).tolist() for r in range(2)] == [[0, 2], [1, 3]]
    assert list(data.batching.batches(range(7), 3, True)) == [[0, 1, 2], [3, 4, 5]]
    assert data.batching.number_of_batches(7, 3, False) == 3


def test_prefetch_keeps_order_and_raises_where_it_failed():
    def items():
        yield 1
        yield 2
        raise KeyError("three")
    it = data.prefetch.prefetch(items(), depth=2)
    assert next(it) == 1 and next(it) == 2
    with pytest.raises(KeyError):
        next(it)


def test_tensor_dataset_loader_without_workers_matches_indexing():
    x = torch.arange(12.0).reshape(6, 2)
    batches = list(DataLoader(TensorDataset(x), batch_size=4))
    assert [b[0].shape for b in batches] == [(4, 2), (2, 2)]


def test_tensor_dataset_batches_equal_per_sample_collation():
    from gradcompat.torch.utils.data import Subset, default_collate
    x = torch.arange(24.0).reshape(8, 3)
    y = torch.arange(8) * 10
    ds = TensorDataset(x, y)
    order = [5, 1, 7, -1]
    fast = DataLoader(ds, batch_sampler=[order]).__iter__().__next__()
    slow = default_collate([ds[i] for i in order])
    assert isinstance(fast, list) and len(fast) == 2
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and a.tolist() == b.tolist()
    sub = list(DataLoader(Subset(ds, [6, 2, 0]), batch_size=2))
    assert [b[1].tolist() for b in sub] == [[60, 20], [0]]
    assert ds[3][0].tolist() == x[3].tolist() and ds[-2][1].item() == 60


def test_workers_under_gradcompat_run(tmp_path):
    """An unmodified script (``import torch``) with num_workers=2 under ``gradcompat run``: the
    workers import the script again and must see this dialect as ``torch`` too."""
    import subprocess
    import sys
    script = tmp_path / "loader_script.py"
    script.write_text(
        "import os\n"
        "import torch\n"
        "from torch.utils.data import DataLoader, Dataset\n\n"
        "class Squares(Dataset):\n"
        "    def __len__(self):\n"
        "        return 6\n\n"
        "    def __getitem__(self, i):\n"
        "        return torch.tensor(float(i)) ** 2, os.getpid()\n\n"
        "if __name__ == '__main__':\n"
        "    out = list(DataLoader(Squares(), batch_size=3, num_workers=2))\n"
        "    print(torch.cat([x for x, _ in out]).tolist(), len({p for _, ps in out for p in ps.tolist()}),\n"
        "          os.getpid() in {p for _, ps in out for p in ps.tolist()})\n")
    result = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", str(script)], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[0.0, 1.0, 4.0, 9.0, 16.0, 25.0] 2 False"


def test_tensor_dataset_of_views_through_workers():
    x = torch.arange(20.0).reshape(10, 2)  # a view: it travels to the workers by value
    batches = list(DataLoader(TensorDataset(x, torch.arange(10)), batch_size=4, num_workers=2))
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert torch.cat([b[0] for b in batches]).tolist() == x.tolist()
