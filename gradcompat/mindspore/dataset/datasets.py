"""``mindspore.dataset.Dataset`` and its pipeline operations (batch, map, shuffle, repeat,
project, rename, zip, concat, take, skip, filter).

A pipeline is a tree of nodes. Each node knows its column names (checked when an iterator or a
getter builds the tree, as MindSpore checks them), how many rows it yields when that is known
without running it, and how to yield the rows of one epoch: tuples of numpy arrays, one per
column. Iterators (``iterators.py``) run the tree epoch after epoch and turn the rows into
Tensors. The dialect-free parts (buffered shuffle, stacking a batch, worker processes) come from
``gradcompat.data``.

Known differences from MindSpore: rows flow through one python thread (MindSpore's C++ engine
runs each node in its own threads); random orders are not MindSpore's (a seeded pipeline is
reproducible in gradcompat); ``cache``, ``callbacks``, ``offload`` and ``max_rowsize`` are
accepted and ignored.
"""
from __future__ import annotations

import builtins
import inspect
import weakref
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ... import data as _data
from ...random import mindspore_stream as _ms_stream
from . import config
from .errors import pipeline_error
from .fork_safety import uses_framework, warn_single_worker
from .pipeline_run import Run, apply_ops, as_row_value, call_user
from .validate import INT32_MAX, check_interval, column_list, type_check, unique_columns
from .validate import num_parallel_workers as check_workers

Row = tuple


class Dataset:
    """``mindspore.dataset.Dataset``: the operations every dataset has."""

    def __init__(self, children: Any = None, num_parallel_workers: int | None = None):
        if children is None:
            children = []
        elif not isinstance(children, (list, tuple)):
            children = [children]
        self.children = list(children)
        self.parent: list = []  # weak references to every node built on this one (MindSpore's tree rule)
        for child in self.children:
            child.parent.append(weakref.ref(self))
        self.num_parallel_workers = num_parallel_workers
        self.dataset_size: int | None = None

    # ----- what each node defines ---------------------------------------------------------

    def _column_names(self) -> list[str]:
        """The node's columns; raises the engine's error for a pipeline that cannot be built."""
        return self.children[0]._column_names()

    def _num_rows(self) -> int | None:
        """Rows per epoch when known without running the pipeline, else None."""
        return self.children[0]._num_rows()

    def _epoch(self, run: Run) -> Iterator[Row]:
        """The rows of one epoch."""
        raise NotImplementedError

    # ----- building and inspecting --------------------------------------------------------

    def _check_tree(self) -> None:
        """MindSpore builds a tree from the root: a node below it with two consumers is refused."""
        def visit(node: Dataset, root: bool) -> None:
            if not root and len(node.parent) > 1:
                raise ValueError("The data pipeline is not a tree (i.e., one node has 2 consumers)")
            for child in node.children:
                visit(child, False)
        visit(self, True)

    def _nodes(self) -> list["Dataset"]:
        out, stack = [], [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def get_col_names(self) -> list[str]:
        """The column names of the rows this dataset yields."""
        self._check_tree()
        return list(self._column_names())

    def get_dataset_size(self) -> int:
        """Rows (batches after ``batch``) in one epoch; counted by running one epoch where the
        size cannot be known otherwise (an iterable source without ``__len__``), as MindSpore does."""
        if self.dataset_size is None:
            self._check_tree()
            self._column_names()
            n = self._num_rows()
            if n is None:
                run = Run(self)
                try:
                    n = sum(1 for _ in self._epoch(run))
                finally:
                    run.close()
            self.dataset_size = int(n)
        return self.dataset_size

    def _first_row(self) -> Row:
        self._check_tree()
        self._column_names()
        run = Run(self)
        try:
            for row in self._epoch(run):
                return row
        finally:
            run.close()
        raise pipeline_error("Got 0 sample from dataset pipeline, check if drop all data or load dataset fail.")

    def output_shapes(self, estimate: bool = False) -> list[list[int]]:
        """The shapes of the first row's columns (MindSpore runs the pipeline for them too)."""
        return [list(a.shape) for a in self._first_row()]

    def output_types(self) -> list[np.dtype]:
        """The numpy dtypes of the first row's columns."""
        return [a.dtype for a in self._first_row()]

    def get_batch_size(self) -> int:
        self._check_tree()
        node = self
        while node.children and not isinstance(node, BatchDataset):
            node = node.children[0]
        return node.batch_size if isinstance(node, BatchDataset) and isinstance(node.batch_size, int) else 1

    def get_repeat_count(self) -> int:
        self._check_tree()
        node = self
        while node.children and not isinstance(node, RepeatDataset):
            node = node.children[0]
        return node.count if isinstance(node, RepeatDataset) else 1

    def get_class_indexing(self) -> dict:
        return {}

    # ----- iterating ----------------------------------------------------------------------

    def create_tuple_iterator(self, columns: Sequence[str] | None = None, num_epochs: int = -1,
                              output_numpy: bool = False, do_copy: bool = False):
        """An iterator of lists (one value per column, Tensors unless ``output_numpy``) that
        runs ``num_epochs`` epochs (-1: without end), one per ``for`` loop over it."""
        from .iterators import TupleIterator
        dataset = self if columns is None else self.project(columns)
        return TupleIterator(dataset, num_epochs, output_numpy)

    def create_dict_iterator(self, num_epochs: int = -1, output_numpy: bool = False, do_copy: bool = False):
        """Like ``create_tuple_iterator``, yielding ``{column name: value}`` dicts."""
        from .iterators import DictIterator
        return DictIterator(self, num_epochs, output_numpy)

    def __iter__(self):
        return iter(self.create_tuple_iterator())

    # ----- operations ---------------------------------------------------------------------

    def batch(self, batch_size: int | Callable, drop_remainder: bool = False,
              num_parallel_workers: int | None = None, **kwargs) -> "BatchDataset":
        """Stack ``batch_size`` consecutive rows per column (``per_batch_map``, ``input_columns``
        and ``output_columns`` as keywords, as in MindSpore 2.x)."""
        return BatchDataset(self, batch_size, drop_remainder, num_parallel_workers, **kwargs)

    def map(self, operations, input_columns=None, output_columns=None, num_parallel_workers=None,
            **kwargs) -> "MapDataset":
        """Apply ``operations`` (a callable or a list, run in turn) to ``input_columns`` (the
        first column by default) of every row."""
        return MapDataset(self, operations, input_columns, output_columns, num_parallel_workers, **kwargs)

    def shuffle(self, buffer_size: int) -> "ShuffleDataset":
        return ShuffleDataset(self, buffer_size)

    def repeat(self, count: int | None = None) -> "RepeatDataset":
        return RepeatDataset(self, count)

    def project(self, columns) -> "ProjectDataset":
        return ProjectDataset(self, columns)

    def rename(self, input_columns, output_columns) -> "RenameDataset":
        return RenameDataset(self, input_columns, output_columns)

    def zip(self, datasets) -> "ZipDataset":
        if isinstance(datasets, tuple):
            datasets = (self, *datasets)
        elif isinstance(datasets, Dataset):
            datasets = (self, datasets)
        else:
            raise TypeError(f"Invalid datasets, expected Dataset object or tuple of Dataset, but got {datasets}!")
        return ZipDataset(datasets)

    def concat(self, datasets) -> "ConcatDataset":
        if isinstance(datasets, Dataset):
            datasets = [self, datasets]
        elif isinstance(datasets, list):
            datasets = [self, *datasets]
        else:
            raise TypeError(f"Invalid datasets, expected Dataset object or list of Dataset, but got {datasets}!")
        return ConcatDataset(datasets)

    def __add__(self, datasets) -> "ConcatDataset":
        return self.concat(datasets)

    def take(self, count: int = -1) -> "TakeDataset":
        return TakeDataset(self, count)

    def skip(self, count: int) -> "SkipDataset":
        return SkipDataset(self, count)

    def split(self, sizes, randomize: bool = True) -> list["Dataset"]:
        """Split into datasets of ``sizes`` rows (ints summing to the size, or fractions summing
        to 1, rounded as MindSpore rounds them). A source read by index is split by index
        (``randomize``: a random permutation, drawn once); other pipelines are copied and cut with
        ``skip``/``take`` (after a shuffle when ``randomize``). Random splits here are disjoint."""
        from .sources import MappableDataset
        absolute = _split_sizes(sizes, self.get_dataset_size())
        starts = np.cumsum([0] + absolute[:-1])
        if isinstance(self, MappableDataset) and not self.children:
            order = np.arange(self.get_dataset_size())
            if randomize:
                order = _data.orders.permutation(len(order), config.new_rng())
            return [self._with_indices(order[a:a + n]) for a, n in builtins.zip(starts, absolute)]
        out = []
        for a, n in builtins.zip(starts, absolute):
            part = _copy_tree(self)
            if randomize:
                part = part.shuffle(max(2, self.get_dataset_size()))
            out.append(part.skip(int(a)).take(int(n)))
        return out

    def filter(self, predicate: Callable, input_columns=None, num_parallel_workers=None) -> "FilterDataset":
        return FilterDataset(self, predicate, input_columns)


def _split_sizes(sizes, dataset_size: int) -> list[int]:
    if not isinstance(sizes, list) or not sizes:
        raise ValueError("sizes cannot be empty." if isinstance(sizes, list) else
                         f"Argument sizes with value {sizes} is not of type [<class 'list'>], but got {type(sizes)}.")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in sizes):
        if any(v <= 0 for v in sizes):
            raise ValueError("sizes is a list of int, but there should be no negative or zero numbers.")
        if sum(sizes) != dataset_size:
            raise RuntimeError(f"Sum of split sizes {sum(sizes)} is not equal to dataset size {dataset_size}.")
        return list(sizes)
    if not all(isinstance(v, float) for v in sizes):
        raise ValueError("sizes should be list of int or list of float.")
    if any(not 0 < v <= 1 for v in sizes):
        raise ValueError("sizes is a list of float, but there should be no numbers outside the range (0, 1].")
    if abs(sum(sizes) - 1) > 1e-6:
        raise ValueError("sizes is a list of float, but the percentages do not sum up to 1.")
    absolute = []
    for v in sizes:
        n = int(round(v * dataset_size))
        if n == 0:
            raise RuntimeError(f"Split percentage {v} is too small.")
        absolute.append(n)
    difference = dataset_size - sum(absolute)
    if difference > 0:
        absolute[0] += difference  # MindSpore gives missing rows to the first split
    else:
        for i in range(len(absolute)):
            if absolute[i] + difference > 0:
                absolute[i] += difference
                break
    return absolute


def _copy_tree(node: "Dataset") -> "Dataset":
    """A copy of a pipeline (its sources shared) with no consumers, so that split parts are trees."""
    import copy
    twin = copy.copy(node)
    twin.parent, twin.dataset_size = [], None
    twin.children = [_copy_tree(c) for c in node.children]
    for child in twin.children:
        child.parent.append(weakref.ref(twin))
    return twin


# ----- column layouts --------------------------------------------------------------------

def column_layout(names: list[str], inputs: list[str], outputs: list[str],
                  rest_reversed: bool = False) -> tuple[list[str], list[tuple]]:
    """Where MindSpore puts the results of ``map`` (and ``per_batch_map``): with as many
    outputs as inputs, output k takes input k's place (a name kept elsewhere gives way);
    otherwise the outputs come first, then the columns that were not inputs (in reverse order
    after ``per_batch_map``: ``rest_reversed``, as MindSpore's batch lays them out). Returns the new
    names and, per column, ``("out", k)`` or ``("in", i)``."""
    missing = [c for c in inputs if c not in names]
    if missing:
        raise pipeline_error(f"Invalid parameter, input column name: {missing[0]} doesn't exist in the dataset "
                             "columns.")
    positions = [names.index(c) for c in inputs]
    if len(inputs) == len(outputs):
        where = {name: ("in", i) for i, name in enumerate(names)}
        for c in inputs:
            where.pop(c, None)
        for k, name in enumerate(outputs):
            where[name] = ("out", k, positions[k])
        slot = {name: (src[2] if src[0] == "out" else src[1]) for name, src in where.items()}
        order = sorted(where, key=slot.__getitem__)
        return order, [where[n][:2] for n in order]
    rest = [(n, ("in", i)) for i, n in enumerate(names) if n not in inputs]
    if rest_reversed:
        rest.reverse()
    layout = [(n, ("out", k)) for k, n in enumerate(outputs)] + rest
    return [n for n, _ in layout], [src for _, src in layout]


def place(layout: list[tuple], row: Row, outputs: Sequence) -> Row:
    return tuple(outputs[i] if kind == "out" else row[i] for kind, i in layout)


# ----- operation nodes ---------------------------------------------------------------------

class BatchInfo:
    """What ``per_batch_map`` and a callable ``batch_size`` are told: the batch number and
    epoch number, both counted from 0 within the run."""

    def __init__(self, batch_num: int, epoch_num: int):
        self._batch_num, self._epoch_num = batch_num, epoch_num

    def get_batch_num(self) -> int:
        return self._batch_num

    def get_epoch_num(self) -> int:
        return self._epoch_num


def _arity(fn: Callable) -> int | None:
    """How many parameters ``fn`` declares (None when python cannot tell)."""
    try:
        return len(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None


def _stack_column(values: list, column: int) -> np.ndarray:
    try:
        return _data.batching.stack(values)
    except _data.batching.RaggedBatch as e:
        def fmt(shape: tuple) -> str:
            return "<" + ",".join(str(d) for d in shape) + ">"
        raise pipeline_error(f"Cannot batch tensors with different shapes in column {column}. First element had "
                             f"shape {fmt(e.first_shape)} and this element had shape {fmt(e.shape)}") from None


class BatchDataset(Dataset):
    """``Dataset.batch``: see ``Dataset.batch``."""

    def __init__(self, child: Dataset, batch_size, drop_remainder: bool = False, num_parallel_workers=None,
                 per_batch_map: Callable | None = None, input_columns=None, output_columns=None,
                 python_multiprocessing: bool = False, max_rowsize=None, **kwargs):
        if not callable(batch_size):
            if not isinstance(batch_size, int) or isinstance(batch_size, bool):
                raise TypeError("batch_size should either be an int or a callable.")
            if batch_size != -1:
                check_interval(batch_size, 1, INT32_MAX, "batch_size")
        if callable(batch_size) and _arity(batch_size) not in (None, 1):
            raise ValueError("callable batch_size should take one parameter (BatchInfo).")
        if num_parallel_workers is not None:
            check_workers(num_parallel_workers, config.cpu_count())
        type_check(drop_remainder, (bool,), "drop_remainder")
        if input_columns is not None and per_batch_map is None:
            raise ValueError("input_columns can be specified only when per_batch_map is set.")
        if input_columns is not None:
            input_columns = column_list(input_columns, "input_columns")
            if _arity(per_batch_map) not in (None, len(input_columns) + 1):
                raise ValueError("The signature of per_batch_map should match with input columns.")
        super().__init__(child, num_parallel_workers)
        self.batch_size, self.drop_remainder, self.per_batch_map = batch_size, drop_remainder, per_batch_map
        self.input_columns = None if input_columns is None else column_list(input_columns, "input_columns")
        self.output_columns = None if output_columns is None else column_list(output_columns, "output_columns")

    def _layout(self):
        names = self.children[0]._column_names()
        if self.per_batch_map is None:
            return names, None, None
        inputs = self.input_columns or list(names)
        outputs = self.output_columns or inputs
        new_names, layout = column_layout(names, inputs, outputs, rest_reversed=True)
        return new_names, [names.index(c) for c in inputs], layout

    def _column_names(self) -> list[str]:
        return self._layout()[0]

    def _num_rows(self) -> int | None:
        n = self.children[0]._num_rows()
        if n is None or callable(self.batch_size) or self.batch_size < 1:
            return None
        return _data.batching.number_of_batches(n, self.batch_size, self.drop_remainder)

    def _groups(self, rows: Iterator[Row], run: Run) -> Iterator[list[Row]]:
        if not callable(self.batch_size):
            if self.batch_size == -1:
                raise pipeline_error("Batch size cannot be -1 without using batch sampler.")
            yield from _data.batching.batches(rows, self.batch_size, self.drop_remainder)
            return
        batch_num = 0
        while True:
            size = call_user(self.batch_size, BatchInfo(batch_num, run.epoch))
            group = [row for _, row in builtins.zip(range(size), rows)]
            if not group or (self.drop_remainder and len(group) < size):
                return
            yield group
            batch_num += 1

    def _epoch(self, run: Run) -> Iterator[Row]:
        names, in_idx, layout = self._layout()
        for batch_num, group in enumerate(self._groups(self.children[0]._epoch(run), run)):
            columns = list(builtins.zip(*group))
            if self.per_batch_map is None:
                yield tuple(_stack_column(list(col), c) for c, col in enumerate(columns))
                continue
            args = [list(columns[i]) for i in in_idx]
            out = call_user(self.per_batch_map, *args, BatchInfo(batch_num, run.epoch))
            out = out if isinstance(out, tuple) else (out,)
            outputs = self.output_columns or self.input_columns or names
            if len(out) != len(outputs):
                raise pipeline_error("per_batch_map function should return a tuple of the same number of columns "
                                     f"as 'output_columns', but got {len(out)} and {len(outputs)}.")
            stacked = []
            for name, col in builtins.zip(outputs, out):
                col = [as_row_value(v) for v in col]
                if len(col) != len(group):
                    raise pipeline_error(f"Invalid data, column: {name} expects: {len(group)} rows returned "
                                         f"from 'per_batch_map', got: {len(col)}")
                stacked.append(col)
            full = [list(c) for c in columns]
            row = place(layout, tuple(full), stacked)
            yield tuple(_stack_column(col, c) for c, col in enumerate(row))


class MapDataset(Dataset):
    """``Dataset.map``: see ``Dataset.map``. With ``python_multiprocessing=True`` and more than
    one worker, the operations run in worker processes (forked, as MindSpore's are)."""

    def __init__(self, child: Dataset, operations, input_columns=None, output_columns=None,
                 num_parallel_workers=None, python_multiprocessing: bool = False, cache=None, callbacks=None,
                 max_rowsize=None, offload=None, **kwargs):
        for unknown in kwargs:
            raise TypeError(f"MapDataset.__init__() got an unexpected keyword argument '{unknown}'")
        if num_parallel_workers is not None:
            check_workers(num_parallel_workers, config.cpu_count())
        type_check(python_multiprocessing, (bool,), "python_multiprocessing")
        ops = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        if not ops:
            raise ValueError("Input operations should not be empty.")
        for op in ops:
            if not callable(op):
                raise TypeError(f"Operation should be callable, got {type(op)}.")
        super().__init__(child, num_parallel_workers)
        self.operations = ops
        self.input_columns = None if input_columns is None else column_list(input_columns, "input_columns")
        self.output_columns = None if output_columns is None else column_list(output_columns, "output_columns")
        if self.input_columns is not None:
            unique_columns(self.input_columns)
        self.python_multiprocessing = bool(python_multiprocessing)

    def _layout(self):
        names = self.children[0]._column_names()
        inputs = self.input_columns or names[:1]
        outputs = self.output_columns or inputs
        new_names, layout = column_layout(names, inputs, outputs)
        return new_names, [names.index(c) for c in inputs], outputs, layout

    def _column_names(self) -> list[str]:
        return self._layout()[0]

    def _epoch(self, run: Run) -> Iterator[Row]:
        _, in_idx, outputs, layout = self._layout()
        rows = self.children[0]._epoch(run)
        fn = _MapFn(self.operations, len(outputs))
        workers = self.num_parallel_workers or 1
        if self.python_multiprocessing and workers > 1 and uses_framework(*self.operations):
            warn_single_worker("operations' of 'map")
            self.python_multiprocessing = False
        if self.python_multiprocessing and workers > 1:
            pairs = ((row, tuple(row[i] for i in in_idx)) for row in rows)
            held: list[Row] = []

            def payloads():
                for row, args in pairs:
                    held.append(row)
                    yield args
            for out in run.pool(self, _data.WorkerSpec(make_fetch=_Const(fn), name="Map"), workers, payloads()):
                yield place(layout, held.pop(0), out)
            return
        for row in rows:
            yield place(layout, row, fn(tuple(row[i] for i in in_idx)))


class _Const:
    """A picklable ``lambda: value``."""

    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value


class _MapFn:
    """The operations of one ``map``, applied to one row's input values (here or in a worker)."""

    def __init__(self, operations: list, n_outputs: int):
        self.operations, self.n_outputs = operations, n_outputs

    def __call__(self, args: tuple) -> tuple:
        out = apply_ops(self.operations, args)
        if len(out) != self.n_outputs:
            raise pipeline_error("Invalid columns, the number of columns returned in 'map' operations should match "
                                 "the number of 'output_columns', but got the number of columns returned in 'map' "
                                 f"operations: {len(out)}, the number of 'output_columns': {self.n_outputs}.")
        return out


class ShuffleDataset(Dataset):
    """``Dataset.shuffle(buffer_size)``: a shuffle buffer, reshuffled every epoch, in MindSpore's
    order (``mindspore_stream.ShuffleBuffer``: a ``std::mt19937_64`` of the dataset seed, made
    per iterator and running on across its epochs)."""

    def __init__(self, child: Dataset, buffer_size: int):
        type_check(buffer_size, (int,), "buffer_size")
        check_interval(buffer_size, 2, INT32_MAX, "buffer_size")
        super().__init__(child)
        self.buffer_size = buffer_size

    def _epoch(self, run: Run) -> Iterator[Row]:
        buffer = run.sampler_orders.get(id(self))
        if buffer is None:
            buffer = run.sampler_orders[id(self)] = _ms_stream.ShuffleBuffer(config.get_seed(), self.buffer_size)
        return buffer.epoch(self.children[0]._epoch(run))


class RepeatDataset(Dataset):
    """``Dataset.repeat(count)``: the child's epoch ``count`` times (-1 or None: without end)."""

    def __init__(self, child: Dataset, count: int | None = None):
        count = -1 if count is None else count
        type_check(count, (int,), "count")
        if count == 0 or count < -1 or count > INT32_MAX:
            raise ValueError("count should be either -1 or positive integer, range[1, INT32_MAX].")
        super().__init__(child)
        self.count = count

    def _num_rows(self) -> int | None:
        n = self.children[0]._num_rows()
        if n is None:
            return None
        return n if self.count == -1 else n * self.count  # MindSpore reports one pass for -1

    def _epoch(self, run: Run) -> Iterator[Row]:
        i = 0
        while self.count == -1 or i < self.count:
            yield from self.children[0]._epoch(run)
            i += 1


class ProjectDataset(Dataset):
    """``Dataset.project(columns)``: keep these columns, in this order."""

    def __init__(self, child: Dataset, columns):
        self.columns = column_list(columns, "columns")
        unique_columns(self.columns)
        super().__init__(child)

    def _indices(self) -> list[int]:
        names = self.children[0]._column_names()
        for c in self.columns:
            if c not in names:
                raise pipeline_error(f"Invalid column, column name: {c} does not exist.")
        return [names.index(c) for c in self.columns]

    def _column_names(self) -> list[str]:
        self._indices()
        return list(self.columns)

    def _epoch(self, run: Run) -> Iterator[Row]:
        idx = self._indices()
        for row in self.children[0]._epoch(run):
            yield tuple(row[i] for i in idx)


class RenameDataset(Dataset):
    """``Dataset.rename(input_columns, output_columns)``."""

    def __init__(self, child: Dataset, input_columns, output_columns):
        self.input_columns = column_list(input_columns, "input_columns")
        self.output_columns = column_list(output_columns, "output_columns")
        if len(self.input_columns) != len(self.output_columns):
            raise ValueError("Number of column in input_columns and output_columns is not equal.")
        super().__init__(child)

    def _column_names(self) -> list[str]:
        names = list(self.children[0]._column_names())
        for old, new in builtins.zip(self.input_columns, self.output_columns):
            if old not in names:
                raise pipeline_error("Invalid column, column to be renamed does not exist.")
            names[names.index(old)] = new
        return names

    def _epoch(self, run: Run) -> Iterator[Row]:
        return self.children[0]._epoch(run)


class ZipDataset(Dataset):
    """``mindspore.dataset.zip`` / ``Dataset.zip``: rows side by side, as many as the shortest."""

    def _column_names(self) -> list[str]:
        names = [c for child in self.children for c in child._column_names()]
        duplicates = sorted({c for c in names if names.count(c) > 1})
        if duplicates:
            raise pipeline_error(f"Invalid data, duplicate column {duplicates[0]} already exists when zipping "
                                 "datasets.")
        return names

    def _num_rows(self) -> int | None:
        sizes = [c._num_rows() for c in self.children]
        return None if None in sizes else min(sizes)

    def _epoch(self, run: Run) -> Iterator[Row]:
        for rows in builtins.zip(*(c._epoch(run) for c in self.children)):
            yield tuple(v for row in rows for v in row)


class ConcatDataset(Dataset):
    """``Dataset.concat`` / ``+``: the children's rows one child after another."""

    def _column_names(self) -> list[str]:
        names = self.children[0]._column_names()
        for child in self.children[1:]:
            if child._column_names() != names:
                raise pipeline_error("Invalid columns, 'column name' or 'column order' of concat datasets should be "
                                     "the same.")
        return names

    def _num_rows(self) -> int | None:
        sizes = [c._num_rows() for c in self.children]
        return None if None in sizes else sum(sizes)

    def _epoch(self, run: Run) -> Iterator[Row]:
        dtypes = None
        for child in self.children:
            for row in child._epoch(run):
                if dtypes is None:
                    dtypes = [a.dtype for a in row]
                else:
                    for want, a in builtins.zip(dtypes, row):
                        if a.dtype != want:
                            raise pipeline_error("Concat: the data types of the two datasets to be concatenated "
                                                 f"should be the same, but got: {want} and {a.dtype}.")
                yield row


class TakeDataset(Dataset):
    """``Dataset.take(count)``: the first ``count`` rows (-1: all)."""

    def __init__(self, child: Dataset, count: int = -1):
        type_check(count, (int,), "count")
        if count != -1 and not 0 < count <= INT32_MAX:
            raise ValueError(f"count should be either -1 or within the required interval of (0, 2147483647], "
                             f"got {count}.")
        super().__init__(child)
        self.count = count

    def _num_rows(self) -> int | None:
        n = self.children[0]._num_rows()
        return n if n is None or self.count == -1 else min(n, self.count)

    def _epoch(self, run: Run) -> Iterator[Row]:
        if self.count == -1:
            yield from self.children[0]._epoch(run)
            return
        if self.count > 0:
            for i, row in enumerate(self.children[0]._epoch(run)):
                yield row
                if i + 1 >= self.count:
                    return


class SkipDataset(Dataset):
    """``Dataset.skip(count)``: all rows after the first ``count``."""

    def __init__(self, child: Dataset, count: int):
        type_check(count, (int,), "count")
        check_interval(count, 0, INT32_MAX, "count")
        super().__init__(child)
        self.count = count

    def _num_rows(self) -> int | None:
        n = self.children[0]._num_rows()
        return None if n is None else max(0, n - self.count)

    def _epoch(self, run: Run) -> Iterator[Row]:
        for i, row in enumerate(self.children[0]._epoch(run)):
            if i >= self.count:
                yield row


class FilterDataset(Dataset):
    """``Dataset.filter(predicate, input_columns)``: the rows whose predicate is true."""

    def __init__(self, child: Dataset, predicate: Callable, input_columns=None):
        if not callable(predicate):
            raise TypeError("Predicate should be a Python function or a callable Python object.")
        super().__init__(child)
        self.predicate = predicate
        self.input_columns = None if input_columns is None else column_list(input_columns, "input_columns")

    def _num_rows(self) -> int | None:
        return None

    def _epoch(self, run: Run) -> Iterator[Row]:
        names = self.children[0]._column_names()
        idx = [names.index(c) for c in (self.input_columns or names)]
        for row in self.children[0]._epoch(run):
            keep = call_user(self.predicate, *(row[i] for i in idx))
            if bool(np.asarray(keep)):
                yield row


def zip(datasets) -> ZipDataset:  # noqa: A001 - MindSpore's name
    """``mindspore.dataset.zip(datasets)``: ``datasets`` must be a tuple."""
    type_check(datasets, (tuple,), "datasets")
    if len(datasets) < 2:
        raise ValueError("zip() requires at least 2 datasets.")
    return ZipDataset(datasets)


__all__ = ["BatchDataset", "BatchInfo", "ConcatDataset", "Dataset", "FilterDataset", "MapDataset", "ProjectDataset",
           "RenameDataset", "RepeatDataset", "ShuffleDataset", "SkipDataset", "TakeDataset", "ZipDataset", "zip"]
