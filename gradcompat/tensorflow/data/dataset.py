"""``tf.data.Dataset``: a lazy pipeline of stages, each a class named as TF names it (its
``repr`` is TF's: ``<_TensorSliceDataset element_spec=...>``).

Each stage gives one pass of flat elements (``_flat_elements``: tuples of numpy arrays, see
``structure``); iterating a dataset starts a new pass (shuffles reshuffle, generators restart).
Random-access stages (tensor slices, ranges, maps of them, zips, takes) also offer ``_indexed``:
gathers by index arrays, so ``batch`` over them (after shuffle / repeat / take / skip, which then
reorder indices only) gathers whole batches at once, and a ``map`` there runs vectorized.
The stream machinery is dialect-free (``gradcompat.data``); this module translates TF's API.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Iterator

import numpy as np

from ...data import batching, grouping, orders, prefetch as _prefetch
from ...random import tf_stream
from .. import dtypes as _dt
from .. import random_ops
from ..errors import InvalidArgumentError
from ..graph import executing_eagerly
from ..nest import flatten, pack_sequence_as
from ..tensor import Tensor, constant
from ..tensor_spec import TensorSpec
from . import functions, iterators, structure
from .options import Options

AUTOTUNE = -1
INFINITE = -1
UNKNOWN = -2
_GATHER_CHUNK = 1024  # elements gathered at once when an indexed stage is iterated element-wise


class _Indexed:
    """Random access to a stage: ``gather(idx) -> flat batched arrays`` and ``order()``: the
    index arrays of one pass (concatenated, they are the pass's element order). ``plain`` when
    the order is always ``0..n-1`` (``n`` elements), so positions can be zipped."""

    def __init__(self, gather: Callable[[np.ndarray], list], order: Callable[[], Iterator[np.ndarray]],
                 plain_n: int | None = None):
        self.gather = gather
        self.order = order
        self.plain_n = plain_n


def _plain(n: int, gather) -> _Indexed:
    return _Indexed(gather, lambda: iter([np.arange(n, dtype=np.int64)] if n else []), n)


def _int(value: Any, name: str) -> int:
    if isinstance(value, Tensor):
        value = value.numpy()
    return int(np.asarray(value))


def _op_error(op: str, text: str) -> InvalidArgumentError:
    return InvalidArgumentError(None, None, f"{{{{function_node __wrapped__{op}_device_/job:localhost/replica:0/"
                                f"task:0/device:CPU:0}}}} {text} [Op:{op}] name: ")


class DatasetV2:
    """``tf.data.Dataset``. Subclasses set ``_spec`` and implement ``_flat_elements`` and
    ``_cardinality``."""

    _spec: Any = None
    _options: Options | None = None

    # ------------------------------------------------------------------ sources
    @staticmethod
    def from_tensor_slices(tensors: Any, name: str | None = None) -> "DatasetV2":
        """Slices of ``tensors`` along their first dimension (tuples and dicts are structure,
        lists are tensors, as in TF)."""
        return _TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors: Any, name: str | None = None) -> "DatasetV2":
        """One element: ``tensors``."""
        return _TensorDataset(tensors)

    @staticmethod
    def range(*args: Any, output_type=_dt.int64, name: str | None = None) -> "DatasetV2":
        """``range(stop)``, ``range(start, stop[, step])`` as int64 scalars (or ``output_type``)."""
        return _RangeDataset(*args, output_type=output_type)

    @staticmethod
    def zip(*datasets: Any, name: str | None = None) -> "DatasetV2":
        """Elements of several datasets side by side (a nested structure of datasets, or several)."""
        structure_ = datasets[0] if len(datasets) == 1 else datasets
        return _ZipDataset(structure_)

    @staticmethod
    def sample_from_datasets(datasets: list, weights=None, seed=None, stop_on_empty_dataset: bool = False,
                             rerandomize_each_iteration=None) -> "DatasetV2":
        """Each element from a dataset drawn at random with ``weights`` (uniform by default); an
        exhausted dataset drops out unless ``stop_on_empty_dataset``."""
        return _DirectedInterleaveDataset(list(datasets), None, weights, seed, stop_on_empty_dataset)

    @staticmethod
    def choose_from_datasets(datasets: list, choice_dataset: "DatasetV2",
                             stop_on_empty_dataset: bool = True) -> "DatasetV2":
        """Each element from the dataset ``choice_dataset`` names (scalar int64 indices)."""
        return _DirectedInterleaveDataset(list(datasets), choice_dataset, None, None, stop_on_empty_dataset)

    # ------------------------------------------------------------------ TF's API
    @property
    def element_spec(self) -> Any:
        return self._spec

    def cardinality(self) -> Tensor:
        """The number of elements, ``INFINITE_CARDINALITY`` (-1) or ``UNKNOWN_CARDINALITY`` (-2)."""
        return constant(self._cardinality(), dtype=_dt.int64)

    def __len__(self) -> int:
        if not executing_eagerly():
            raise TypeError("`tf.data.Dataset` only supports `len` in eager mode. Use "
                            "`tf.data.Dataset.cardinality()` instead.")
        n = self._cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self) -> bool:
        return True  # TF's datasets are truthy even when empty

    def __iter__(self):
        return iterators.iterator_for(self)

    def _start_iteration(self) -> Iterator[tuple]:
        """The elements for a new iterator: the map functions' seeded random ops restart first,
        as TF's kernels are instantiated per iterator (``repeat`` inside continues them)."""
        for fn in _traced_functions(self, set()):
            fn.restart_random()
        return self._flat_elements()

    def __repr__(self) -> str:
        name = type(self).__dict__.get("_tf_name", type(self).__name__)
        return f"<{name} element_spec={structure.spec_text(self._spec)}>"

    def as_numpy_iterator(self):
        """Elements as numpy values (numpy scalars for rank 0), structure kept."""
        if not executing_eagerly():
            raise RuntimeError("`tf.data.Dataset.as_numpy_iterator()` is only supported in eager mode.")
        return iterators.NumpyIterator(self)

    def options(self) -> Options:
        return self._options or Options()

    def with_options(self, options: Options, name: str | None = None) -> "DatasetV2":
        return _OptionsDataset(self, options)

    # ------------------------------------------------------------------ transformations
    def batch(self, batch_size: Any, drop_remainder: bool = False, num_parallel_calls=None,
              deterministic=None, name: str | None = None) -> "DatasetV2":
        return _BatchDataset(self, _int(batch_size, "batch_size"), bool(drop_remainder))

    def padded_batch(self, batch_size: Any, padded_shapes=None, padding_values=None,
                     drop_remainder: bool = False, name: str | None = None) -> "DatasetV2":
        return _PaddedBatchDataset(self, _int(batch_size, "batch_size"), padded_shapes, padding_values,
                                   bool(drop_remainder))

    def unbatch(self, name: str | None = None) -> "DatasetV2":
        return _UnbatchDataset(self)

    def rebatch(self, batch_size: Any, drop_remainder: bool = False, name: str | None = None) -> "DatasetV2":
        return _RebatchDataset(self, _int(batch_size, "batch_size"), bool(drop_remainder))

    def shuffle(self, buffer_size: Any, seed=None, reshuffle_each_iteration=None,
                name: str | None = None) -> "DatasetV2":
        return _ShuffleDataset(self, _int(buffer_size, "buffer_size"), seed,
                               True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration))

    def map(self, map_func: Callable, num_parallel_calls=None, deterministic=None,
            synchronous=None, use_unbounded_threadpool=False, name: str | None = None) -> "DatasetV2":
        if num_parallel_calls is None:
            return _MapDataset(self, map_func)
        return _ParallelMapDataset(self, map_func)

    def filter(self, predicate: Callable, name: str | None = None) -> "DatasetV2":
        return _FilterDataset(self, predicate)

    def repeat(self, count=None, name: str | None = None) -> "DatasetV2":
        return _RepeatDataset(self, -1 if count is None else _int(count, "count"))

    def take(self, count: Any, name: str | None = None) -> "DatasetV2":
        return _TakeDataset(self, _int(count, "count"))

    def skip(self, count: Any, name: str | None = None) -> "DatasetV2":
        return _SkipDataset(self, _int(count, "count"))

    def cache(self, filename: str = "", name: str | None = None) -> "DatasetV2":
        return CacheDataset(self)

    def prefetch(self, buffer_size: Any, name: str | None = None) -> "DatasetV2":
        return _PrefetchDataset(self, _int(buffer_size, "buffer_size"))

    def enumerate(self, start: Any = 0, name: str | None = None) -> "DatasetV2":
        return _EnumerateDataset(self, _int(start, "start"))

    def concatenate(self, dataset: "DatasetV2", name: str | None = None) -> "DatasetV2":
        return _ConcatenateDataset(self, dataset)

    def flat_map(self, map_func: Callable, name: str | None = None) -> "DatasetV2":
        return _FlatMapDataset(self, map_func)

    def interleave(self, map_func: Callable, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name: str | None = None) -> "DatasetV2":
        cycle = 8 if cycle_length in (None, AUTOTUNE) else _int(cycle_length, "cycle_length")
        block = 1 if block_length is None else _int(block_length, "block_length")
        return _InterleaveDataset(self, map_func, cycle, block)

    def window(self, size: Any, shift=None, stride: Any = 1, drop_remainder: bool = False,
               name: str | None = None) -> "DatasetV2":
        size = _int(size, "size")
        return _WindowDataset(self, size, size if shift is None else _int(shift, "shift"),
                              _int(stride, "stride"), bool(drop_remainder))

    def get_single_element(self, name: str | None = None) -> Any:
        """The one element of a dataset of one element (TF's InvalidArgumentError otherwise)."""
        elements = self._flat_elements()
        first = next(elements, None)
        if first is None:
            raise _op_error("DatasetToSingleElement", "Dataset was empty.")
        if next(elements, None) is not None:
            raise _op_error("DatasetToSingleElement", "Dataset had more than one element.")
        return structure.pack(self._spec, first)

    def shard(self, num_shards: Any, index: Any, name: str | None = None) -> "DatasetV2":
        """Every ``num_shards``-th element, from position ``index`` on."""
        return _ShardDataset(self, _int(num_shards, "num_shards"), _int(index, "index"))

    def take_while(self, predicate: Callable, name: str | None = None) -> "DatasetV2":
        """Elements up to the first for which ``predicate`` is false."""
        return _TakeWhileDataset(self, predicate)

    def apply(self, transformation_func: Callable) -> "DatasetV2":
        return transformation_func(self)

    def reduce(self, initial_state: Any, reduce_func: Callable, name: str | None = None) -> Any:
        """Folds the elements eagerly (a known difference: TF traces ``reduce_func``)."""
        state = initial_state
        for element in self:
            state = reduce_func(state, element)
        return state

    # TF1 (tf.compat.v1.data.Dataset)
    def make_one_shot_iterator(self):
        return iterators.make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None):
        return iterators.make_initializable_iterator(self)

    @property
    def output_types(self):
        return pack_sequence_as(self._spec, [s.dtype for s in flatten(self._spec)])

    @property
    def output_shapes(self):
        return pack_sequence_as(self._spec, [s.shape for s in flatten(self._spec)])

    # ------------------------------------------------------------------ internals
    def _cardinality(self) -> int:
        raise NotImplementedError

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is None:
            raise NotImplementedError
        return _gathered_elements(indexed)

    def _indexed(self) -> _Indexed | None:
        return None


_MAP_CHUNK = 64  # elements of an unindexed stream mapped at once


def _chunked(elements: Iterator[tuple], batched: Callable) -> Iterator[tuple]:
    """``batched`` (a vectorized function of flat batches) over a stream, a chunk at a time."""
    for rows in batching.batches(elements, _MAP_CHUNK, False):
        yield from zip(*batched([np.stack([np.asarray(v) for v in part]) for part in zip(*rows)]))


def _gathered_elements(indexed: _Indexed) -> Iterator[tuple]:
    for chunk in indexed.order():
        for start in range(0, len(chunk), _GATHER_CHUNK):
            arrays = indexed.gather(chunk[start:start + _GATHER_CHUNK])
            yield from zip(*arrays)


class DatasetSource(DatasetV2):
    pass


class UnaryDataset(DatasetV2):
    def __init__(self, input_dataset: DatasetV2, spec=None):
        _check_dataset(input_dataset)
        self._input = input_dataset
        self._spec = input_dataset._spec if spec is None else spec
        self._options = input_dataset._options

    def _cardinality(self) -> int:
        return self._input._cardinality()

    def _flat_elements(self) -> Iterator[tuple]:
        return self._input._flat_elements()


def _check_dataset(value: Any) -> None:
    if not isinstance(value, DatasetV2):
        raise TypeError(f"`dataset` must be a `tf.data.Dataset` object, got {type(value).__name__}.")


# ---------------------------------------------------------------------- sources

class _TensorSliceDataset(DatasetSource):
    def __init__(self, tensors: Any):
        value = structure.normalize(tensors)
        leaves = flatten(value)
        if not leaves:
            raise ValueError("Invalid `element`. `element` should not be empty.")
        first = None
        for leaf in leaves:
            if leaf.shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            n = None if leaf.shape.dims is None else leaf.shape.dims[0]
            if first is not None and n is not None and n != first:
                raise ValueError(f"Dimensions {first} and {n} are not compatible")
            first = first if n is None else n
        self._leaves = leaves
        self._n = first
        self._arrays = None if structure.any_symbolic(leaves) else [structure.host(leaf) for leaf in leaves]
        self._spec = pack_sequence_as(value, [TensorSpec(None if leaf.shape.dims is None else leaf.shape.dims[1:],
                                                         leaf.dtype) for leaf in leaves])

    def _bind(self, feeds: dict) -> None:
        """TF1: slices of graph tensors take their values when an iterator's initializer runs."""
        if structure.any_symbolic(self._leaves):
            self._arrays = structure.evaluate(self._leaves, feeds)
            self._n = len(self._arrays[0])

    def _cardinality(self) -> int:
        return UNKNOWN if self._n is None else self._n

    def _indexed(self) -> _Indexed:
        arrays = self._arrays
        return _plain(self._n, lambda idx: [a[idx] for a in arrays])


class _TensorDataset(DatasetSource):
    def __init__(self, tensors: Any):
        value = structure.normalize(tensors)
        self._leaves = flatten(value)
        self._values = None if structure.any_symbolic(self._leaves) else tuple(structure.host(v) for v in self._leaves)
        self._spec = structure.specs_of(value)

    def _bind(self, feeds: dict) -> None:
        if structure.any_symbolic(self._leaves):
            self._values = tuple(structure.evaluate(self._leaves, feeds))

    def _cardinality(self) -> int:
        return 1

    def _flat_elements(self) -> Iterator[tuple]:
        return iter([self._values])

    def _indexed(self) -> _Indexed | None:
        if any(isinstance(v, DatasetV2) for v in self._values):
            return None
        values = [np.asarray(v)[None] for v in self._values]
        return _plain(1, lambda idx: [v[np.zeros(len(idx), np.int64)] for v in values])


class _RangeDataset(DatasetSource):
    def __init__(self, *args: Any, output_type=_dt.int64):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid `args`. The length of `args` should be between 1 and 3 but was {len(args)}.")
        values = [_int(a, "args") for a in args]
        start, stop, step = (0, values[0], 1) if len(values) == 1 else (*values, 1)[:3]
        if step == 0:
            raise _op_error("RangeDataset", "step must be a non-zero integer.")
        self._start, self._step = start, step
        self._n = max(0, -(-(stop - start) // step)) if step > 0 else max(0, -(-(start - stop) // -step))
        self._dtype = _dt.as_dtype(output_type)
        self._spec = TensorSpec((), self._dtype)

    def _cardinality(self) -> int:
        return self._n

    def _indexed(self) -> _Indexed:
        start, step, np_dtype = self._start, self._step, self._dtype.np
        return _plain(self._n, lambda idx: [(start + idx * step).astype(np_dtype)])


class _ZipDataset(DatasetV2):
    def __init__(self, datasets: Any):
        if isinstance(datasets, list):
            raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                            "`tf.data.Dataset` objects. Python `list` is not supported and you should use `tuple` "
                            "instead.")
        parts = flatten(datasets)
        for d in parts:
            if not isinstance(d, DatasetV2):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                                f"`tf.data.Dataset` objects but encountered object of type {type(d)}.")
        self._parts = parts
        self._sizes = [len(flatten(d._spec)) for d in parts]
        self._spec = pack_sequence_as(datasets, [d._spec for d in parts])
        self._options = parts[0]._options if parts else None

    def _cardinality(self) -> int:
        cards = [d._cardinality() for d in self._parts]
        finite = [c for c in cards if c >= 0]
        if finite:
            return min(finite)
        return UNKNOWN if UNKNOWN in cards else INFINITE

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is not None:
            return _gathered_elements(indexed)
        return (tuple(x for part in parts for x in part) for parts in zip(*(d._flat_elements() for d in self._parts)))

    def _indexed(self) -> _Indexed | None:
        subs = [d._indexed() for d in self._parts]
        if not subs or any(s is None or s.plain_n is None for s in subs):
            return None
        n = min(s.plain_n for s in subs)
        return _plain(n, lambda idx: [a for s in subs for a in s.gather(idx)])


def _traced_functions(dataset: Any, seen: set) -> Iterator["functions.TracedFunction"]:
    """The traced user functions of a dataset and of the datasets it reads."""
    if id(dataset) in seen:
        return
    seen.add(id(dataset))
    for value in vars(dataset).values():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, functions.TracedFunction):
                yield item
            elif isinstance(item, DatasetV2):
                yield from _traced_functions(item, seen)


# ---------------------------------------------------------------------- element-wise stages

class _MapDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, map_func: Callable):
        _check_dataset(input_dataset)
        self._fn = functions.TracedFunction(map_func, input_dataset._spec)
        super().__init__(input_dataset, self._fn.output_spec)

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is not None:
            return _gathered_elements(indexed)
        batched = self._fn.batched()
        if batched is not None:  # elements of known shapes: map chunks of them at once
            return _chunked(self._input._flat_elements(), batched)
        fn = self._fn
        return (tuple(np.asarray(v) for v in fn(element)) for element in self._input._flat_elements())

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        batched = self._fn.batched()
        if inner is None or batched is None:
            return None
        return _Indexed(lambda idx: batched(inner.gather(idx)), inner.order, inner.plain_n)


class _ParallelMapDataset(_MapDataset):
    """``map`` with ``num_parallel_calls``: the same results in the same order (deterministic
    always; a known difference for ``deterministic=False``, which TF may reorder)."""


class _PredicateDataset(UnaryDataset):
    """A dataset that keeps elements by a traced boolean predicate: its length is unknown."""

    def __init__(self, input_dataset: DatasetV2, predicate: Callable):
        _check_dataset(input_dataset)
        self._fn = functions.TracedFunction(predicate, input_dataset._spec)
        functions.check_predicate(self._fn)
        super().__init__(input_dataset)

    def _cardinality(self) -> int:
        return UNKNOWN


class _FilterDataset(_PredicateDataset):
    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is not None:
            return _gathered_elements(indexed)
        fn = self._fn
        return (e for e in self._input._flat_elements() if functions.as_bool(fn(e)))

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        batched = self._fn.batched()
        if inner is None or batched is None:
            return None

        def order():  # the predicate runs on whole chunks; the kept indices are the order
            for chunk in inner.order():
                for start in range(0, len(chunk), _GATHER_CHUNK):
                    part = chunk[start:start + _GATHER_CHUNK]
                    if len(part):
                        yield part[np.asarray(batched(inner.gather(part))[0], dtype=bool)]
        return _Indexed(inner.gather, order)


class _TakeWhileDataset(_PredicateDataset):
    def _flat_elements(self) -> Iterator[tuple]:
        fn = self._fn
        return itertools.takewhile(lambda e: functions.as_bool(fn(e)), self._input._flat_elements())


class _ShardDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, num_shards: int, index: int):
        super().__init__(input_dataset)
        if num_shards <= 0:
            raise _op_error("ShardDataset", f"Number of shards must be greater than zero (currently num_shards = "
                            f"{num_shards}).")
        if not 0 <= index < num_shards:
            raise _op_error("ShardDataset", f"Index must be between 0 and {num_shards - 1} (currently index = "
                            f"{index}).")
        self._num, self._index = num_shards, index

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        return n if n < 0 else n // self._num + (1 if self._index < n % self._num else 0)

    def _flat_elements(self) -> Iterator[tuple]:
        return itertools.islice(self._input._flat_elements(), self._index, None, self._num)


class _DirectedInterleaveDataset(DatasetV2):
    """``sample_from_datasets`` / ``choose_from_datasets``: elements taken from several datasets
    in an order drawn at random (numpy's stream, not TF's) or read from a choice dataset."""

    def __init__(self, datasets: list, choices: DatasetV2 | None, weights, seed, stop_on_empty: bool):
        if not datasets:
            raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
        for d in datasets:
            _check_dataset(d)
        for d in datasets[1:]:
            if not structure.is_compatible(datasets[0]._spec, d._spec):
                raise TypeError(f"Incompatible dataset elements:\n  {datasets[0]._spec!r} vs.   {d._spec!r}")
        if choices is not None:
            spec = choices._spec
            if not (isinstance(spec, TensorSpec) and spec.dtype == _dt.int64 and spec.shape.dims == ()):
                raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar `tf.int64` "
                                f"tensors but are {spec!r}.")
        self._parts, self._choices, self._stop = datasets, choices, stop_on_empty
        n = len(datasets)
        w = np.full(n, 1.0 / n) if weights is None else np.asarray(
            structure.host(structure.normalize(weights)), dtype=np.float64).reshape(-1)
        self._weights = w / w.sum()
        self._seed = int(random_ops._generator(None if seed is None else _int(seed, "seed")).integers(2 ** 62))
        self._passes = 0
        self._spec = datasets[0]._spec
        self._options = datasets[0]._options

    def _cardinality(self) -> int:
        if self._choices is None and all(d._cardinality() == INFINITE for d in self._parts):
            return INFINITE
        return UNKNOWN

    def _flat_elements(self) -> Iterator[tuple]:
        streams_ = [d._flat_elements() for d in self._parts]
        live = [True] * len(streams_)
        if self._choices is not None:
            for (choice,) in self._choices._flat_elements():
                i = int(choice)
                if not 0 <= i < len(streams_):
                    raise _op_error("IteratorGetNext", f"Selector index out of range: {i} >= {len(streams_)}")
                element = next(streams_[i], None) if live[i] else None
                if element is None:
                    live[i] = False
                    if self._stop:
                        return
                    continue
                yield element
            return
        rng = orders.rng_of(self._seed + 7919 * self._passes)
        self._passes += 1
        while any(live):
            w = np.where(live, self._weights, 0.0)
            if w.sum() <= 0:
                return
            i = int(rng.choice(len(w), p=w / w.sum()))
            element = next(streams_[i], None)
            if element is None:
                if self._stop:
                    return
                live[i] = False
                continue
            yield element


class _EnumerateDataset(UnaryDataset):
    """TF builds ``enumerate`` as a zip with a range (its repr says so)."""

    _tf_name = "_ZipDataset"

    def __init__(self, input_dataset: DatasetV2, start: int):
        _check_dataset(input_dataset)
        self._start = start
        super().__init__(input_dataset, (TensorSpec((), _dt.int64), input_dataset._spec))

    def _flat_elements(self) -> Iterator[tuple]:
        return ((np.int64(i),) + e for i, e in zip(itertools.count(self._start), self._input._flat_elements()))

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        if inner is None or inner.plain_n is None:
            return None
        start = self._start
        return _Indexed(lambda idx: [(idx + start).astype(np.int64), *inner.gather(idx)], inner.order, inner.plain_n)


class _PrefetchDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, buffer_size: int):
        super().__init__(input_dataset)
        if buffer_size < -1:
            raise _op_error("PrefetchDataset", "buffer_size must be >= 0 or set buffer_size to be -1 for auto-tuning")
        self._depth = 2 if buffer_size in (AUTOTUNE, 0) else buffer_size  # AUTOTUNE: a small fixed depth

    def _flat_elements(self) -> Iterator[tuple]:
        return _prefetch.prefetch(self._input._flat_elements(), self._depth)

    def _indexed(self) -> _Indexed | None:
        return self._input._indexed()


class _OptionsDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, options: Options):
        super().__init__(input_dataset)
        self._options = options

    def _indexed(self) -> _Indexed | None:
        return self._input._indexed()


class CacheDataset(UnaryDataset):
    """``cache()``: the first complete pass is kept and replayed (in memory; a filename is ignored)."""

    def __init__(self, input_dataset: DatasetV2):
        super().__init__(input_dataset)
        self._cached: list | None = None

    def _flat_elements(self) -> Iterator[tuple]:
        if self._cached is not None:
            return iter(self._cached)
        return self._filling()

    def _filling(self) -> Iterator[tuple]:
        seen = []
        for e in self._input._flat_elements():
            seen.append(e)
            yield e
        self._cached = seen


# ---------------------------------------------------------------------- order stages

def _finite_order(inner: _Indexed) -> np.ndarray:
    chunks = list(inner.order())
    return np.concatenate(chunks) if chunks else np.zeros(0, np.int64)


class _ShuffleDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, buffer_size: int, seed, reshuffle: bool):
        super().__init__(input_dataset)
        if buffer_size <= 0 and buffer_size != UNKNOWN:
            raise _op_error("ShuffleDatasetV3", "buffer_size must be greater than zero or UNKNOWN_CARDINALITY")
        self._buffer = buffer_size
        self._seeds = _shuffle_seeds(None if seed is None else _int(seed, "seed"))
        self._reshuffle = reshuffle
        self._passes = 0

    def _iterator_seeds(self) -> tuple[int, int]:
        """The (seed, seed2) of the next iterator: TF's seed generator resource hands each new
        iterator fresh seeds when reshuffling, the dataset's own otherwise."""
        k = self._passes
        self._passes += 1
        return tf_stream.shuffle_seeds(*self._seeds, k) if self._reshuffle else self._seeds

    def _buffer_size(self, n: int) -> int:
        return n if self._buffer == UNKNOWN else self._buffer

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is not None:
            return _gathered_elements(indexed)
        seeds = self._iterator_seeds()
        return tf_stream.buffered_shuffle(self._input._flat_elements(), max(1, self._buffer_size(1 << 62)), *seeds)

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        if inner is None or self._input._cardinality() < 0:
            return None

        def order():
            indices = _finite_order(inner)
            seeds = self._iterator_seeds()
            size = self._buffer_size(len(indices))
            if size >= len(indices):
                yield indices[tf_stream.full_shuffle_order(len(indices), *seeds)]
            else:
                yield np.fromiter(tf_stream.buffered_shuffle(indices.tolist(), size, *seeds), np.int64, len(indices))
        return _Indexed(inner.gather, order)


def _shuffle_seeds(seed: int | None) -> tuple[int, int]:
    """tf.data's ``random_seed.get_seed``: TF's (global, op) seed rules, a missing half as 0 and
    (0, 0) as (0, 2**31 - 1); without any seed, fresh seeds (a new order each run, as TF)."""
    s1, s2 = random_ops.get_seed(seed)
    if s1 is None and s2 is None:
        fresh = np.random.default_rng().integers(1, 2 ** 62, size=2)
        return int(fresh[0]), int(fresh[1])
    s1, s2 = s1 or 0, s2 or 0
    return (s1, 2 ** 31 - 1) if s1 == 0 and s2 == 0 else (s1, s2)


class _RepeatDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, count: int):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n == 0 or self._count == 0:
            return 0
        if self._count < 0 or n == INFINITE:
            return INFINITE
        return UNKNOWN if n == UNKNOWN else n * self._count

    def _passes(self):
        return itertools.count() if self._count < 0 else range(self._count)

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._indexed()
        if indexed is not None:
            return _gathered_elements(indexed)
        return self._repeated()

    def _repeated(self) -> Iterator[tuple]:
        for _ in self._passes():
            empty = True
            for e in self._input._flat_elements():
                empty = False
                yield e
            if empty:
                return

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        if inner is None:
            return None
        if self._input._cardinality() == 0:
            return _Indexed(inner.gather, lambda: iter([]))

        def order():
            for _ in self._passes():
                yield from inner.order()
        return _Indexed(inner.gather, order)


class _TakeDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, count: int):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if self._count < 0:
            return n
        if n == INFINITE:
            return self._count
        return UNKNOWN if n == UNKNOWN else min(n, self._count)

    def _flat_elements(self) -> Iterator[tuple]:
        if self._count < 0:
            return self._input._flat_elements()
        return itertools.islice(self._input._flat_elements(), self._count)

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        if inner is None or self._count < 0:
            return inner
        count = self._count

        def order():
            left = count
            for chunk in inner.order():
                if left <= 0:
                    return
                yield chunk[:left]
                left -= len(chunk[:left])
        plain = None if inner.plain_n is None else min(inner.plain_n, count)
        return _Indexed(inner.gather, order, plain)


class _SkipDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, count: int):
        super().__init__(input_dataset)
        self._count = count

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if self._count < 0:
            return 0 if n != INFINITE else INFINITE
        if n < 0:
            return n
        return max(0, n - self._count)

    def _flat_elements(self) -> Iterator[tuple]:
        if self._count < 0:
            return self._drain()
        return itertools.islice(self._input._flat_elements(), self._count, None)

    def _drain(self) -> Iterator[tuple]:
        for _ in self._input._flat_elements():
            pass
        return iter(())

    def _indexed(self) -> _Indexed | None:
        inner = self._input._indexed()
        if inner is None or self._count < 0:
            return None
        count = self._count

        def order():
            left = count
            for chunk in inner.order():
                if left >= len(chunk):
                    left -= len(chunk)
                    continue
                yield chunk[left:]
                left = 0
        return _Indexed(inner.gather, order)


class _ConcatenateDataset(DatasetV2):
    def __init__(self, first: DatasetV2, second: DatasetV2):
        _check_dataset(second)
        if not structure.is_compatible(first._spec, second._spec):
            raise TypeError(f"Incompatible dataset elements:\n  {first._spec!r} vs.   {second._spec!r}")
        self._parts = (first, second)
        self._spec = pack_sequence_as(first._spec, [
            structure.most_specific_compatible(a, b) if isinstance(a, TensorSpec) else a
            for a, b in zip(flatten(first._spec), flatten(second._spec))])
        self._options = first._options

    def _cardinality(self) -> int:
        a, b = (d._cardinality() for d in self._parts)
        if INFINITE in (a, b):
            return INFINITE
        if UNKNOWN in (a, b):
            return UNKNOWN
        return a + b

    def _flat_elements(self) -> Iterator[tuple]:
        return itertools.chain.from_iterable(d._flat_elements() for d in self._parts)


# ---------------------------------------------------------------------- batching

def _batched_spec(spec: Any, batch_dim: int | None) -> Any:
    return pack_sequence_as(spec, [TensorSpec([batch_dim, *(s.shape.dims or ())] if s.shape.dims is not None
                                              else None, s.dtype) for s in flatten(spec)])


def _stack(rows: list, component: int) -> np.ndarray:
    try:
        return batching.stack(rows)
    except batching.RaggedBatch as exc:
        raise _op_error("IteratorGetNext_output_types_1", f"Cannot batch tensors with different shapes in component "
                        f"{component}. First element had shape [{','.join(map(str, exc.first_shape))}] and element "
                        f"{exc.index} had shape [{','.join(map(str, exc.shape))}].") from None


class _BatchDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, batch_size: int, drop_remainder: bool):
        _check_dataset(input_dataset)
        if batch_size <= 0:
            raise _op_error("BatchDatasetV2", "Batch size must be greater than zero.")
        self._batch_size, self._drop = batch_size, drop_remainder
        static = batch_size if drop_remainder else None  # TF leaves the batch dim unknown otherwise
        super().__init__(input_dataset, _batched_spec(input_dataset._spec, static))

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        return n if n < 0 else batching.number_of_batches(n, self._batch_size, self._drop)

    def _flat_elements(self) -> Iterator[tuple]:
        indexed = self._input._indexed()
        if indexed is not None:
            indices = itertools.chain.from_iterable(indexed.order())
            return (tuple(indexed.gather(np.asarray(b, dtype=np.int64)))
                    for b in batching.batches(indices, self._batch_size, self._drop))
        return (tuple(_stack(list(parts), i) for i, parts in enumerate(zip(*rows)))
                for rows in batching.batches(self._input._flat_elements(), self._batch_size, self._drop))


class _PaddedBatchDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, batch_size: int, padded_shapes, padding_values,
                 drop_remainder: bool):
        _check_dataset(input_dataset)
        if batch_size <= 0:
            raise _op_error("PaddedBatchDatasetV2", "Batch size must be greater than zero.")
        specs = flatten(input_dataset._spec)
        if padded_shapes is None:
            shapes = [s.shape.dims for s in specs]
        else:
            shapes = [None if p is None else tuple(None if d is None or int(d) == -1 else int(d) for d in
                                                   (p.dims if hasattr(p, "dims") else p))
                      for p in structure.flatten_up_to(input_dataset._spec, padded_shapes)]
        if padding_values is None:
            pads = [np.zeros((), s.dtype.np) for s in specs]
        else:
            pads = [np.asarray(structure.host(structure.normalize(v)) if not isinstance(v, np.ndarray) else v,
                               dtype=s.dtype.np)
                    for v, s in zip(structure.flatten_up_to(input_dataset._spec, padding_values), specs)]
        self._shapes, self._pads = shapes, pads
        self._batch_size, self._drop = batch_size, drop_remainder
        static = batch_size if drop_remainder else None
        super().__init__(input_dataset, pack_sequence_as(input_dataset._spec, [
            TensorSpec([static, *shape], s.dtype) for shape, s in zip(shapes, specs)]))

    _cardinality = _BatchDataset._cardinality

    def _flat_elements(self) -> Iterator[tuple]:
        for rows in batching.batches(self._input._flat_elements(), self._batch_size, self._drop):
            yield tuple(self._pad(list(parts), shape, pad) for parts, shape, pad in zip(zip(*rows), self._shapes, self._pads))

    @staticmethod
    def _pad(parts: list, shape, pad) -> np.ndarray:
        arrays = [np.asarray(p) for p in parts]
        target = [max(a.shape[d] for a in arrays) if s is None else s for d, s in enumerate(shape)]
        out = np.full([len(arrays), *target], pad, dtype=arrays[0].dtype)
        for i, a in enumerate(arrays):
            if any(x > t for x, t in zip(a.shape, target)):
                raise _op_error("IteratorGetNext", "Attempted to pad to a smaller size than the input element.")
            out[(i, *(slice(0, x) for x in a.shape))] = a
        return out


class _UnbatchDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2):
        _check_dataset(input_dataset)
        specs = flatten(input_dataset._spec)
        if any(s.shape.dims is not None and len(s.shape.dims) == 0 for s in specs):
            raise ValueError("Cannot unbatch an input with scalar components.")
        super().__init__(input_dataset, pack_sequence_as(input_dataset._spec, [
            TensorSpec(None if s.shape.dims is None else s.shape.dims[1:], s.dtype) for s in specs]))

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        return INFINITE if n == INFINITE else UNKNOWN

    def _flat_elements(self) -> Iterator[tuple]:
        for batch in self._input._flat_elements():
            yield from zip(*batch)


class _RebatchDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, batch_size: int, drop_remainder: bool):
        _check_dataset(input_dataset)
        if any(s.shape.dims is not None and len(s.shape.dims) == 0 for s in flatten(input_dataset._spec)):
            raise ValueError("Invalid `batch_sizes`. Expected dataset with rank of >= 1 but found a dataset with "
                             "scalar elements. Fix the issue by adding the `batch` transformation to the dataset.")
        self._inner = _BatchDataset(_UnbatchDataset(input_dataset), batch_size, drop_remainder)
        super().__init__(input_dataset, self._inner._spec)

    def _cardinality(self) -> int:
        return UNKNOWN if self._input._cardinality() != INFINITE else INFINITE

    def _flat_elements(self) -> Iterator[tuple]:
        return self._inner._flat_elements()


# ---------------------------------------------------------------------- datasets of datasets

class _FlatMapDataset(UnaryDataset):
    """``flat_map``: ``map_func`` runs eagerly on each element (a known difference: TF traces it
    once); the element spec comes from a first call on a placeholder-shaped element."""

    def __init__(self, input_dataset: DatasetV2, map_func: Callable):
        _check_dataset(input_dataset)
        self._input, self._fn = input_dataset, map_func
        probe = self._call(_example(input_dataset._spec))
        super().__init__(input_dataset, probe._spec)

    def _call(self, flat: tuple) -> DatasetV2:
        result = functions.call_with_element(self._fn, structure.pack(self._input._spec, flat))
        if not isinstance(result, DatasetV2):
            raise TypeError(f"The `map_func` argument must return a `Dataset` object. Got {type(result).__name__!r}.")
        return result

    def _cardinality(self) -> int:
        return UNKNOWN

    def _flat_elements(self) -> Iterator[tuple]:
        for e in self._input._flat_elements():
            yield from self._call(e)._flat_elements()


def _example(spec: Any) -> tuple:
    """A flat element of ``spec``'s shapes (unknown dims 1), zeros; a dataset for a DatasetSpec."""
    def leaf(s):
        if isinstance(s, structure.DatasetSpec):
            return _TensorSliceDataset(structure.to_tensor(_example(s.element_spec)[0][None], s.element_spec))
        return np.zeros([1 if d is None else d for d in (s.shape.dims or ())], s.dtype.np)
    return tuple(leaf(s) for s in flatten(spec))


class _InterleaveDataset(_FlatMapDataset):
    def __init__(self, input_dataset: DatasetV2, map_func: Callable, cycle_length: int, block_length: int):
        self._cycle, self._block = cycle_length, block_length
        super().__init__(input_dataset, map_func)

    def _flat_elements(self) -> Iterator[tuple]:
        return grouping.interleave(self._input._flat_elements(), lambda e: self._call(e)._flat_elements(),
                                  self._cycle, self._block)


class _WindowDataset(UnaryDataset):
    def __init__(self, input_dataset: DatasetV2, size: int, shift: int, stride: int, drop_remainder: bool):
        _check_dataset(input_dataset)
        for value, what in ((size, "size"), (shift, "shift"), (stride, "stride")):
            if value <= 0:
                raise _op_error("WindowDataset", f"Window {what} must be greater than zero.")
        self._args = (size, shift, stride, drop_remainder)
        specs = flatten(input_dataset._spec)
        super().__init__(input_dataset, pack_sequence_as(input_dataset._spec,
                                                         [structure.DatasetSpec(s) for s in specs]))

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n < 0:
            return n
        size, shift, stride, drop = self._args
        if drop:
            span = (size - 1) * stride + 1
            return 0 if n < span else (n - span) // shift + 1
        return -(-n // shift)

    def _flat_elements(self) -> Iterator[tuple]:
        specs = flatten(self._input._spec)
        for rows in grouping.windows(self._input._flat_elements(), *self._args):
            yield tuple(_VariantDataset(_window_tensor(list(parts), spec)) for parts, spec in zip(zip(*rows), specs))


class _VariantDataset(_TensorSliceDataset):
    """A window's elements: a dataset of one component (named as TF names it)."""


def _window_tensor(parts: list, spec: TensorSpec) -> Tensor:
    return structure.to_tensor(np.stack([np.asarray(p) for p in parts]), spec)


Dataset = DatasetV2
