"""``tf.train.load_checkpoint`` / ``list_variables`` / ``load_variable``: a checkpoint's tensors by key."""
from __future__ import annotations

import os

import numpy as np

from . import bundle, state
from .object_checkpoint import _not_found


def _prefix(path: str) -> str:
    path = os.fspath(path)
    if os.path.isdir(path):
        latest = state.latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return latest
    if not bundle.exists(path):
        raise _not_found(path)
    return path


class CheckpointReader:
    """What ``tf.train.load_checkpoint`` returns."""

    def __init__(self, path: str):
        self._tensors = bundle.read(_prefix(path))

    def get_tensor(self, name: str):
        if name not in self._tensors:
            from ..errors import NotFoundError
            raise NotFoundError(None, None, f"Key {name} not found in checkpoint")
        return self._tensors[name]

    def has_tensor(self, name: str) -> bool:
        return name in self._tensors

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {k: list(np.shape(v)) if not isinstance(v, bytes) else [] for k, v in self._tensors.items()}

    def get_variable_to_dtype_map(self) -> dict:
        from .. import dtypes
        return {k: dtypes.string if isinstance(v, bytes) else dtypes.as_dtype(np.asarray(v).dtype)
                for k, v in self._tensors.items()}


def load_checkpoint(ckpt_dir_or_file: str) -> CheckpointReader:
    return CheckpointReader(ckpt_dir_or_file)


def list_variables(ckpt_dir_or_file: str) -> list[tuple[str, list[int]]]:
    return sorted(load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file: str, name: str):
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)
