"""PyDataset's ``workers``: batches really fetched by worker threads, still in order."""
import threading

import numpy as np

from gradcompat.tensorflow import keras


class _Tracked(keras.utils.PyDataset):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.threads = set()

    def __len__(self):
        return 6

    def __getitem__(self, index):
        self.threads.add(threading.get_ident())
        return np.full((2, 1), index, np.float32), np.zeros((2, 1), np.float32)


def test_workers_fetch_in_threads_in_order():
    from gradcompat.tensorflow.keras.py_dataset import batches
    data = _Tracked(workers=3, max_queue_size=2)
    got = [int(b[0][0, 0]) for b in batches(data, shuffle=False)]
    assert got == list(range(6))
    assert threading.get_ident() not in data.threads and data.threads


def test_single_worker_runs_inline():
    from gradcompat.tensorflow.keras.py_dataset import batches
    data = _Tracked()
    assert sorted(int(b[0][0, 0]) for b in batches(data, shuffle=True)) == list(range(6))
    assert data.threads == {threading.get_ident()}
