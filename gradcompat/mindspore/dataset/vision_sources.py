"""Datasets of images in their standard binary layouts, read from a local folder:
``MnistDataset`` (idx-ubyte files) and ``Cifar10Dataset`` (CIFAR-10 binary batches). Nothing
is downloaded. Rows are ``image`` (uint8, HWC) and ``label`` (uint32), as MindSpore gives them;
the sampling arguments are those of every mappable dataset (``sources.MappableDataset``)."""
from __future__ import annotations

import glob
import os
from typing import Iterator

import numpy as np

from .errors import pipeline_error
from .pipeline_run import Run
from .sources import MappableDataset, gather_rows
from . import config
from .validate import num_parallel_workers as check_workers
from .validate import type_check

_USAGES = ("train", "test", "all")


def _check_folder(dataset_dir, usage) -> str:
    type_check(dataset_dir, (str,), "dataset_dir")
    if not os.path.isdir(dataset_dir) or not os.access(dataset_dir, os.R_OK):
        raise ValueError(f"The folder {dataset_dir} does not exist or is not a directory or permission denied!")
    usage = "all" if usage is None else usage
    type_check(usage, (str,), "usage")
    if usage not in _USAGES:
        raise ValueError(f"Input usage is not within the valid set of {list(_USAGES)}.")
    return usage


class _FolderDataset(MappableDataset):
    """A mappable dataset whose columns are read from files once, on first use."""

    column_names = ["image", "label"]

    def __init__(self, dataset_dir: str, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None):
        self.usage = _check_folder(dataset_dir, usage)
        check_workers(num_parallel_workers, config.cpu_count())
        self.dataset_dir = dataset_dir
        self._init_sampling(num_samples, shuffle, num_shards, shard_id, sampler)
        super().__init__(num_parallel_workers=num_parallel_workers)
        self._columns = None

    def _read(self) -> list[np.ndarray]:
        raise NotImplementedError

    def _loaded(self) -> list[np.ndarray]:
        if self._columns is None:
            self._columns = self._read()
        return self._columns

    def _length(self) -> int:
        return len(self._loaded()[0])

    def _epoch(self, run: Run) -> Iterator[tuple]:
        if self._length() == 0:
            raise self._no_data()
        return gather_rows(self._loaded(), self._order(run))


def _read_idx(path: str, magic: int) -> np.ndarray:
    """An idx-ubyte file: big-endian magic number, dimensions, then uint8 data."""
    with open(path, "rb") as f:
        header = np.frombuffer(f.read(4), ">u4")[0]
        if header != magic:
            raise pipeline_error(f"Invalid file, input file: {path} is not a MNIST file: magic number {header} "
                                 f"is not {magic}.")
        ndim = magic & 0xFF
        dims = np.frombuffer(f.read(4 * ndim), ">u4").astype(np.int64)
        data = np.frombuffer(f.read(int(np.prod(dims))), np.uint8)
    return data.reshape(dims)


class MnistDataset(_FolderDataset):
    """``mindspore.dataset.MnistDataset``: ``train-*`` and ``t10k-*`` idx-ubyte files in
    ``dataset_dir``; ``usage="all"`` (the default) reads the test files first, as MindSpore
    does. Images (28, 28, 1) uint8, labels uint32."""

    def _files(self) -> list[tuple[str, str]]:
        prefixes = {"train": ["train"], "test": ["t10k"], "all": ["t10k", "train"]}[self.usage]
        pairs = []
        for prefix in prefixes:
            images = os.path.join(self.dataset_dir, f"{prefix}-images-idx3-ubyte")
            labels = os.path.join(self.dataset_dir, f"{prefix}-labels-idx1-ubyte")
            if os.path.exists(images) and os.path.exists(labels):
                pairs.append((images, labels))
        return pairs

    def _read(self) -> list[np.ndarray]:
        images, labels = [], []
        for image_file, label_file in self._files():
            img, lab = _read_idx(image_file, 2051), _read_idx(label_file, 2049)
            if len(img) != len(lab):
                raise pipeline_error(f"Invalid data, num of images: {len(img)} is not equal to num of labels: "
                                     f"{len(lab)}.")
            images.append(img[..., None])
            labels.append(lab.astype(np.uint32))
        if not images:
            return [np.zeros((0, 28, 28, 1), np.uint8), np.zeros(0, np.uint32)]
        return [np.concatenate(images), np.concatenate(labels)]

    def _no_data(self) -> RuntimeError:
        return pipeline_error("Invalid data, MnistDataset API can't read the data file (interface mismatch or no data "
                              f"found). Check mnist file in directory: {self.dataset_dir}.")


_CIFAR_RECORD = 1 + 3 * 32 * 32


class Cifar10Dataset(_FolderDataset):
    """``mindspore.dataset.Cifar10Dataset``: the CIFAR-10 binary version's ``data_batch_*.bin``
    (train) and ``test_batch.bin`` (test) in ``dataset_dir``; ``usage="all"`` reads train then
    test. Images (32, 32, 3) uint8 HWC, labels uint32."""

    def _files(self) -> list[str]:
        train = sorted(glob.glob(os.path.join(self.dataset_dir, "data_batch_*.bin")))
        test = sorted(glob.glob(os.path.join(self.dataset_dir, "test_batch.bin")))
        return {"train": train, "test": test, "all": train + test}[self.usage]

    def _read(self) -> list[np.ndarray]:
        images, labels = [], []
        for path in self._files():
            raw = np.fromfile(path, np.uint8)
            if raw.size % _CIFAR_RECORD:
                raise pipeline_error(f"Invalid cifar10 file, failed to read data from: {path}, re-download "
                                     "dataset(make sure it is CIFAR-10 binary version).")
            records = raw.reshape(-1, _CIFAR_RECORD)
            labels.append(records[:, 0].astype(np.uint32))
            images.append(records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        if not images:
            return [np.zeros((0, 32, 32, 3), np.uint8), np.zeros(0, np.uint32)]
        return [np.ascontiguousarray(np.concatenate(images)), np.concatenate(labels)]

    def _no_data(self) -> RuntimeError:
        return pipeline_error(f"Invalid data, Cifar10Dataset API can't read the data file (interface mismatch or no "
                              f"data found). Check file in directory: {self.dataset_dir}.")
