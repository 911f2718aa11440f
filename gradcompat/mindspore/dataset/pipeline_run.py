"""One run of a pipeline (what an iterator holds): its epoch number, the random generators of
its nodes, its worker pools; and the calls of user code, whose failures MindSpore reports as
RuntimeErrors that quote the user's traceback."""
from __future__ import annotations

import traceback
import warnings
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from ... import data as _data
from . import config
from .errors import user_error


class Run:
    """The state of one iterator over a pipeline rooted at ``root``."""

    def __init__(self, root):
        self.epoch = 0
        self._serial = {id(node): i for i, node in enumerate(root._nodes())}
        self._base = int(config.new_rng().integers(2 ** 63))
        self._rngs: dict[int, np.random.Generator] = {}
        self.sampler_orders: dict[int, tuple] = {}  # MindSpore's RandomSampler: (seed, passes, order)
        self._pools: dict[int, _data.WorkerPool] = {}

    def rng(self, node) -> np.random.Generator:
        """The node's generator for this run: every epoch draws on from where the last stopped,
        so each epoch (and each repeat) gets a new order."""
        key = id(node)
        if key not in self._rngs:
            self._rngs[key] = np.random.default_rng([self._base, self._serial.get(key, 0)])
        return self._rngs[key]

    def pool(self, node, spec: _data.WorkerSpec, workers: int, payloads: Iterable[Any]) -> Iterator[Any]:
        """``spec``'s fetch applied to every payload in the node's worker processes (started on
        first use, kept for the run's later epochs), results in order. An error in a worker is
        raised here as the RuntimeError MindSpore raises."""
        key = id(node)
        if key not in self._pools:
            spec.make_fetch = _Guarded(spec.make_fetch)
            spec.seed_fn = config.reseed_transforms
            with warnings.catch_warnings():
                # JAX warns about every fork; the workers run the user's python and numpy only
                warnings.filterwarnings("ignore", message=r"os\.fork\(\) was called", category=RuntimeWarning)
                self._pools[key] = _data.WorkerPool(spec, workers, context=config.get_multiprocessing_start_method(),
                                                    base_seed=int(self.rng(node).integers(2 ** 31)),
                                                    prefetch_factor=2)
        for status, value in self._pools[key].imap(payloads):
            if status == "error":
                raise value
            yield value

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown()
        self._pools.clear()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter teardown
            pass


class _Guarded:
    """A worker's fetch that hands an error back as a value (a RuntimeError in MindSpore's words),
    so that it reaches the user unchanged rather than wrapped by the pool."""

    def __init__(self, make_fetch: Callable[[], Callable]):
        self.make_fetch = make_fetch

    def __call__(self):
        fetch = self.make_fetch()

        def guarded(payload):
            try:
                return "ok", fetch(payload)
            except RuntimeError as e:
                return "error", RuntimeError(str(e))
            except Exception:  # noqa: BLE001 - user code
                return "error", user_error(traceback.format_exc())
        return guarded


def call_user(fn: Callable, *args, pyfunc: bool = True):
    """``fn(*args)``; a failure becomes MindSpore's RuntimeError holding the traceback (led by the
    exception's name for the functions MindSpore wraps as PyFunc: map and batch functions)."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - user code
        lead = f"{type(e).__name__}: " if pyfunc else ""
        raise user_error(lead + traceback.format_exc()) from None


def as_row_value(value: Any) -> np.ndarray:
    """One column value as numpy (MindSpore's ``_convert_row`` of one item)."""
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "asnumpy"):
        return value.asnumpy()
    if isinstance(value, dict):
        return value
    item = np.asarray(value)
    if item.dtype == object:
        raise TypeError("Data type of the input or its converted Numpy array is expected to be int or float or str, "
                        f"but got {item.dtype}.")
    return item


_PRIMITIVE = (int, float, str, bytes, np.ndarray, np.number, np.bool_)


def as_row(value: Any) -> tuple:
    """What a source returned, as a row: one value is one column, a tuple or list is a column each."""
    if isinstance(value, _PRIMITIVE) or hasattr(value, "asnumpy") or isinstance(value, dict):
        return (as_row_value(value),)
    return tuple(as_row_value(v) for v in value)


def apply_ops(operations: list, args: tuple, eager: bool = False) -> tuple:
    """The operations of a ``map`` in turn: each gets the previous one's outputs (a tuple is
    several values); the results as numpy values. A python function's failure is MindSpore's
    PyFunc error, a transform's its own (``eager``: errors pass unchanged, as in ``Compose()(x)``)."""
    values = args
    for op in operations:
        transform = getattr(op, "_map_apply", None)
        if eager:
            out = op(*values)
        elif transform is not None:
            out = transform(*values)
        else:
            try:
                out = op(*values)
            except Exception as e:  # noqa: BLE001 - user code
                raise user_error(f"map operation: [PyFunc] failed. Error description:\n"
                                 f"{type(e).__name__}: {traceback.format_exc()}") from None
        values = out if isinstance(out, tuple) else (out,)
    try:
        return tuple(as_row_value(v) for v in values)
    except TypeError:
        raise user_error(traceback.format_exc()) from None
