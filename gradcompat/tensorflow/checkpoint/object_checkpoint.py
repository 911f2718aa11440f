"""TF2's object-based checkpoints: ``tf.train.Checkpoint`` and ``tf.train.CheckpointManager``.

Keys are the objects' paths from the checkpoint's root (``model/layers/1/w/.ATTRIBUTES/
VARIABLE_VALUE``) and the object graph TF stores beside them, so real TF restores our files
into its objects and we restore its files into ours: restoring walks the saved object graph by
local names from the root, as TF matches objects. Known differences: no deferred restoration
(variables must exist when ``restore`` is called), no optimizer slot variables in the graph.
"""
from __future__ import annotations

import os
from typing import Any

import jax.numpy as jnp
import numpy as np

from . import bundle, state
from .trackables import children, decode_graph, encode_graph, is_variable, walk

GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"


class _Root:
    def __init__(self, checkpoint: "Checkpoint"):
        self._checkpoint = checkpoint

    def _checkpoint_children(self):
        items = sorted(self._checkpoint._children.items())
        counter = self._checkpoint._save_counter
        return items + ([("save_counter", counter)] if counter is not None else [])


class CheckpointLoadStatus:
    """What ``restore`` returns: which saved values found an object, for TF's assertions."""

    def __init__(self, unmatched_keys: list[str], unrestored: list[Any]):
        self._unmatched = unmatched_keys
        self._unrestored = unrestored

    def assert_consumed(self) -> "CheckpointLoadStatus":
        if self._unmatched:
            raise AssertionError(f"Unresolved object in checkpoint {self._unmatched[0]}")
        return self.assert_existing_objects_matched()

    def assert_existing_objects_matched(self) -> "CheckpointLoadStatus":
        if self._unrestored:
            count = len(self._unrestored)
            raise AssertionError(f"Found {count} Python objects that were not bound to checkpointed values, likely "
                                 f"due to changes in the Python program. Showing {min(count, 10)} of {count} "
                                 f"unmatched objects: {self._unrestored[:10]}")
        return self

    def assert_nontrivial_match(self) -> "CheckpointLoadStatus":
        return self

    def expect_partial(self) -> "CheckpointLoadStatus":
        return self

    def run_restore_ops(self, session=None) -> None:
        """Values are assigned at ``restore`` already (eager)."""


class Checkpoint:
    """``tf.train.Checkpoint(**trackables)`` (see the module docstring)."""

    def __init__(self, root=None, **kwargs):
        for name, value in kwargs.items():
            if not (is_variable(value) or children(value) or hasattr(value, "__dict__") or isinstance(value, (list, dict))):
                raise ValueError(f"`Checkpoint` was expecting a trackable object (an object derived from "
                                 f"`Trackable`), got {value}. If you believe this object should be trackable "
                                 f"(i.e. it is part of the TensorFlow Python API and manages state), please "
                                 f"open an issue.")
        self._children = dict(kwargs)
        if root is not None:
            self._children.update(dict(children(root)))
        self._save_counter = None

    def __getattr__(self, name: str):
        children_ = self.__dict__.get("_children", {})
        if name in children_:
            return children_[name]
        raise AttributeError(f"'Checkpoint' object has no attribute '{name}'")

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self._children[name] = value

    @property
    def save_counter(self):
        """How many times ``save`` ran (an int64 variable, created at the first save)."""
        if self._save_counter is None:
            from ..variables import Variable
            from .. import dtypes
            self._save_counter = Variable(0, dtype=dtypes.int64, trainable=False, name="save_counter")
        return self._save_counter

    def _tensors(self) -> dict[str, Any]:
        nodes = walk(_Root(self))
        values: dict[str, Any] = {n.key: np.asarray(n.obj.numpy()) for n in nodes if n.key is not None}
        values[GRAPH_KEY] = encode_graph(nodes)
        return values

    def write(self, file_prefix: str, options=None) -> str:
        """Write the objects' values under ``file_prefix`` (no counter, no state file)."""
        bundle.write(os.fspath(file_prefix), self._tensors())
        return os.fspath(file_prefix)

    def save(self, file_prefix: str, options=None) -> str:
        """``write`` to ``file_prefix-<n>`` with the save counter incremented, and name it latest."""
        counter = self.save_counter
        counter.assign_add(1)
        path = self.write(f"{os.fspath(file_prefix)}-{int(counter.numpy())}")
        directory = os.path.dirname(path) or "."
        _, kept = state.read_state(directory)
        state.write_state(directory, path, [p for p in kept if p != path] + [path])
        return path

    def read(self, save_path: str, options=None) -> CheckpointLoadStatus:
        """Assign every object its saved value, matched through the saved object graph."""
        save_path = os.fspath(save_path)
        if not bundle.exists(save_path):
            raise _not_found(save_path)
        stored = bundle.read(save_path)
        if GRAPH_KEY not in stored:
            raise ValueError(f"The checkpoint at {save_path} is a name-based (TF1 Saver) checkpoint; "
                             "restore it with tf.compat.v1.train.Saver")
        saved = decode_graph(stored[GRAPH_KEY])
        used: set[str] = set()
        restored: set[int] = set()
        root = _Root(self)
        pending, visited = [(0, root)], set()
        while pending:
            node_id, obj = pending.pop(0)
            if node_id in visited:
                continue
            visited.add(node_id)
            edges, attributes = saved[node_id]
            key = attributes.get("VARIABLE_VALUE")
            if key is not None and is_variable(obj) and key in stored:
                value = stored[key]
                if tuple(np.shape(value)) != tuple(obj.shape.as_list()):
                    raise ValueError(f"Received incompatible tensor with shape {np.shape(value)} when attempting "
                                     f"to restore variable with shape {tuple(obj.shape.as_list())} and name "
                                     f"{obj.name}.")
                obj.assign(jnp.asarray(value, dtype=obj.dtype.np))
                used.add(key)
                restored.add(id(obj))
            ours = dict(children(obj))
            pending.extend((child, ours[name]) for child, name in edges if name in ours)
        unmatched = [f"{path}: {attributes}" for path, attributes in _saved_paths(saved)
                     if attributes and not set(attributes.values()) <= used]
        unrestored = [n.obj for n in walk(root) if n.key is not None and id(n.obj) not in restored]
        return CheckpointLoadStatus(unmatched, unrestored)

    def restore(self, save_path: str | None, options=None) -> CheckpointLoadStatus:
        """``read``; ``None`` (no checkpoint yet) restores nothing, as in TF."""
        if save_path is None:
            return CheckpointLoadStatus([], [])
        _ = self.save_counter  # restore (not read) creates the counter, which then gets its value
        return self.read(save_path)


def _saved_paths(saved: list) -> list[tuple[str, dict]]:
    """Each saved node's path as TF names it in messages (``(root).model.w``), breadth-first."""
    paths, order = {0: "(root)"}, [0]
    for node_id in order:
        for child, name in saved[node_id][0]:
            if child not in paths:
                paths[child] = f"{paths[node_id]}.{name}"
                order.append(child)
    return [(paths[i], saved[i][1]) for i in order]


def _not_found(path: str) -> Exception:
    from ..errors import NotFoundError
    return NotFoundError(None, None, f"Failed to restore from checkpoint: {path}: Unsuccessful TensorSliceReader "
                                     f"constructor: Failed to find any matching files for {path}")


class CheckpointManager:
    """``tf.train.CheckpointManager``: numbered saves in a directory, the newest ``max_to_keep`` kept."""

    def __init__(self, checkpoint: Checkpoint, directory: str, max_to_keep: int | None,
                 keep_checkpoint_every_n_hours=None, checkpoint_name: str = "ckpt", step_counter=None,
                 checkpoint_interval=None, init_fn=None):
        self._checkpoint = checkpoint
        self.directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._prefix = os.path.join(self.directory, checkpoint_name)
        latest, kept = state.read_state(self.directory)
        self._kept = [p for p in kept if bundle.exists(p)]
        self._latest = latest if latest is not None and bundle.exists(latest) else None
        self._created = state.now()

    @property
    def latest_checkpoint(self) -> str | None:
        return self._latest

    @property
    def checkpoints(self) -> list[str]:
        return list(self._kept)

    @property
    def directory_path(self) -> str:
        return self.directory

    def save(self, checkpoint_number=None, check_interval: bool = True, options=None) -> str:
        """Write the next numbered checkpoint, drop the oldest beyond ``max_to_keep``."""
        counter = self._checkpoint.save_counter
        if checkpoint_number is None:
            counter.assign_add(1)
            number = int(counter.numpy())
        else:
            number = int(getattr(checkpoint_number, "numpy", lambda: checkpoint_number)())
        path = self._checkpoint.write(f"{self._prefix}-{number}")
        self._kept = [p for p in self._kept if p != path] + [path]
        while self._max_to_keep is not None and len(self._kept) > self._max_to_keep:
            state.remove(self._kept.pop(0))
        self._latest = path
        now = state.now()
        state.write_state(self.directory, path, self._kept, [now] * len(self._kept), self._created)
        return path

    def restore_or_initialize(self):
        if self._latest is not None:
            self._checkpoint.restore(self._latest)
            return self._latest
        return None
