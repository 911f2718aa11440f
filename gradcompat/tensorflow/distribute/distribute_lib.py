"""``tf.distribute`` strategies: ``MirroredStrategy`` (data parallelism over this process's
devices), ``OneDeviceStrategy`` and the default strategy; ``scope()``, ``run``, ``reduce``,
replica contexts (``all_reduce``, ``merge_call``) and TF's context rules and errors.

TF's logical devices map onto JAX's devices (``/device:CPU:<i>`` onto JAX's i-th CPU device,
which ``tf.config.set_logical_device_configuration`` creates). ``run`` calls the function once
per replica (see ``mirrored_run``); a replica's eager ops run on its own device.
"""
from __future__ import annotations

import contextlib
import enum
import re
import threading
from typing import Callable, Iterator, Sequence

from .. import config as _config
from . import mirrored_run
from . import values as values_lib

_DEVICE = re.compile(r"^(?:/job:\w+)?(?:/replica:\d+)?(?:/task:\d+)?/?(?:device:)?(cpu|gpu|tpu):(\d+)$",
                     re.IGNORECASE)


class ReduceOp(enum.Enum):
    """``tf.distribute.ReduceOp``: ``SUM`` or ``MEAN``."""

    SUM = "SUM"
    MEAN = "MEAN"

    def __str__(self) -> str:
        return f"ReduceOp.{self.name}"

    @staticmethod
    def from_variable_aggregation(aggregation):
        name = getattr(aggregation, "name", str(aggregation)).upper()
        if name in ("SUM", "MEAN"):
            return ReduceOp[name]
        raise ValueError(f"Could not convert from `tf.VariableAggregation` {aggregation} to`tf.distribute.ReduceOp` "
                         "type")


def _reduce_op(reduce_op) -> ReduceOp:
    return reduce_op if isinstance(reduce_op, ReduceOp) else ReduceOp(reduce_op)


def canonical_device(name: str) -> str:
    """TF's full device name: ``/cpu:1`` -> ``/job:localhost/replica:0/task:0/device:CPU:1``."""
    found = _DEVICE.match(name.strip())
    if found is None:
        raise ValueError(f"Unknown attribute: '{name}' in '{name}'")
    return f"/job:localhost/replica:0/task:0/device:{found.group(1).upper()}:{found.group(2)}"


def _jax_device(name: str):
    """The JAX device behind a TF device name (None when JAX has no such device)."""
    import jax
    kind, index = name.rsplit("device:", 1)[1].split(":")
    try:
        devices = jax.local_devices(backend=kind.lower())  # this process's devices, as TF lists
    except RuntimeError:
        return None
    return devices[int(index)] if int(index) < len(devices) else None


# -- the strategy stack -----------------------------------------------------------------
_scopes: list["Strategy"] = []  # process-wide, so that replica threads see their strategy
_lock = threading.Lock()


def _current_strategy() -> "Strategy":
    replica = mirrored_run.current_replica()
    if replica is not None:
        return replica.strategy
    return _scopes[-1] if _scopes else _default_strategy()


class StrategyExtended:
    """``strategy.extended``: devices and the reductions behind ``reduce``."""

    def __init__(self, strategy: "Strategy", devices: Sequence[str]):
        self._strategy = strategy
        self._devices = tuple(devices)

    @property
    def worker_devices(self) -> tuple:
        return self._devices

    @property
    def parameter_devices(self) -> tuple:
        return self._devices

    def reduce_to(self, reduce_op, value, destinations=None, options=None):
        return self._strategy._cross_replica(_reduce_op(reduce_op), value)

    def batch_reduce_to(self, reduce_op, value_destination_pairs, options=None) -> list:
        return [self.reduce_to(reduce_op, value, dest) for value, dest in value_destination_pairs]

    def call_for_each_replica(self, fn: Callable, args=(), kwargs=None):
        return self._strategy.run(fn, args, kwargs)

    def experimental_make_numpy_dataset(self, numpy_input):
        from ..data import Dataset
        return Dataset.from_tensor_slices(numpy_input)


class Strategy:
    """``tf.distribute.Strategy``: the base of every strategy (see the module docstring)."""

    _replica_context = ""

    def __init__(self, devices: Sequence[str]):
        self._extended = StrategyExtended(self, devices)

    @property
    def extended(self) -> StrategyExtended:
        return self._extended

    @property
    def num_replicas_in_sync(self) -> int:
        return len(self._extended.worker_devices)

    def jax_devices(self) -> list:
        """The JAX devices the replicas run on (the default device for one that JAX lacks)."""
        import jax
        return [_jax_device(d) or jax.local_devices()[0] for d in self._extended.worker_devices]

    @contextlib.contextmanager
    def _device_scope(self, index: int) -> Iterator[None]:
        yield

    # -- scope -----------------------------------------------------------------------
    @contextlib.contextmanager
    def scope(self) -> Iterator["Strategy"]:
        """``strategy.scope()``: variables made inside are this strategy's; ``get_strategy()``
        returns it. TF's RuntimeError when another strategy's scope is open."""
        current = _current_strategy()
        if current is not self and not isinstance(current, _DefaultDistributionStrategy):
            raise RuntimeError(f"Mixing different tf.distribute.Strategy objects: {current!r} is not {self!r}")
        _scopes.append(self)
        try:
            yield self
        finally:
            _scopes.pop()

    # -- running ---------------------------------------------------------------------
    def run(self, fn: Callable, args=(), kwargs=None, options=None):
        """``strategy.run(fn, args=(), kwargs=None)``: ``fn`` once per replica, with each
        replica's component of every ``PerReplica`` argument; returns ``PerReplica`` values
        (a value that is the same object on every replica is returned as is)."""
        kwargs = kwargs or {}
        if mirrored_run.current_replica() is not None:  # nested run: already one replica
            return fn(*args, **kwargs)
        with self.scope():
            return mirrored_run.Runner(self, fn, args, kwargs).run()

    def _cross_replica(self, reduce_op: ReduceOp, value):
        """Reduce across replicas: a ``PerReplica``'s components summed (and divided by their
        count for MEAN), as TF's cross-device ops do."""
        from ..math_ops import truediv, cast
        from ..more_math_ops import add_n
        from ..tensor import convert_to_tensor
        if not isinstance(value, values_lib.DistributedValues):
            if reduce_op is ReduceOp.SUM and self.num_replicas_in_sync != 1:
                raise ValueError(f"A non-DistributedValues value {value} cannot be reduced with the given reduce op "
                                 f"{reduce_op}.")
            return convert_to_tensor(value)
        if isinstance(value, values_lib.Mirrored):
            return convert_to_tensor(value.values[0])
        parts = [convert_to_tensor(v) for v in value.values]
        total = parts[0] if len(parts) == 1 else add_n(parts)
        if reduce_op is ReduceOp.MEAN:
            total = truediv(total, cast(len(parts), total.dtype))
        return total

    def reduce(self, reduce_op, value, axis=None):
        """``strategy.reduce(ReduceOp.SUM | MEAN, value, axis)``: across replicas, and along
        ``axis`` of each component first (MEAN then divides by the total count, as in TF)."""
        from ..math_ops import cast, truediv
        from ..reduction_ops import reduce_sum
        from ..tensor import convert_to_tensor
        op = _reduce_op(reduce_op)
        if mirrored_run.current_replica() is not None:
            raise RuntimeError("`reduce` must be called in the cross-replica context")
        if axis is None:
            return self._cross_replica(op, value)
        parts = value.values if isinstance(value, values_lib.DistributedValues) else (value,) * \
            self.num_replicas_in_sync
        parts = [convert_to_tensor(v) for v in parts]
        summed = self._cross_replica(ReduceOp.SUM, values_lib.PerReplica([reduce_sum(p, axis=axis) for p in parts]))
        if op is ReduceOp.SUM:
            return summed
        count = sum(int(p.shape[axis]) for p in parts)
        return truediv(summed, cast(count, summed.dtype))

    def experimental_local_results(self, value) -> tuple:
        """The components of a distributed value (a plain value: a 1-tuple)."""
        if isinstance(value, values_lib.DistributedValues):
            return value.values
        return (value,)

    def gather(self, value, axis: int):
        """``strategy.gather``: the components concatenated along ``axis``."""
        from ..array_ops import concat
        return concat(list(self.experimental_local_results(value)), axis=axis)

    def experimental_distribute_values_from_function(self, value_fn: Callable):
        from .input_lib import ValueContext
        count = self.num_replicas_in_sync
        return values_lib.regroup([value_fn(ValueContext(i, count)) for i in range(count)])

    # -- input -----------------------------------------------------------------------
    def experimental_distribute_dataset(self, dataset, options=None):
        """Each global batch of ``dataset`` split along its first axis across the replicas (TF's
        rebatching: sizes differ by at most one, the first replicas take the larger parts)."""
        from .input_lib import DistributedDataset
        return DistributedDataset(self, dataset)

    def distribute_datasets_from_function(self, dataset_fn: Callable, options=None):
        """``dataset_fn(InputContext)`` builds the per-replica dataset; each step takes the next
        element for each replica in turn (an exhausted one gives an empty batch, as in TF)."""
        from .input_lib import DistributedDatasetsFromFunction
        return DistributedDatasetsFromFunction(self, dataset_fn)

    experimental_distribute_datasets_from_function = distribute_datasets_from_function


class CrossDeviceOps:
    """``tf.distribute.CrossDeviceOps`` and its kinds (``NcclAllReduce``,
    ``HierarchicalCopyAllReduce``, ``ReductionToOneDevice``): accepted by ``MirroredStrategy``;
    XLA chooses how the sums travel, and the sums are the same."""

    def __init__(self, *args, **kwargs):
        self._args, self._kwargs = args, kwargs


class NcclAllReduce(CrossDeviceOps):
    """``tf.distribute.NcclAllReduce(num_packs=1)``."""


class HierarchicalCopyAllReduce(CrossDeviceOps):
    """``tf.distribute.HierarchicalCopyAllReduce(num_packs=1)``."""


class ReductionToOneDevice(CrossDeviceOps):
    """``tf.distribute.ReductionToOneDevice(reduce_to_device=None, accumulation_fn=None)``."""


class MirroredStrategy(Strategy):
    """``tf.distribute.MirroredStrategy(devices=None)``: synchronous data parallelism over this
    process's devices; by default every logical GPU, or every logical CPU when there is none."""

    _replica_context = "mirrored"

    def __init__(self, devices: Sequence[str] | None = None, cross_device_ops=None):
        if devices is None:
            logical = _config.list_logical_devices("GPU") or _config.list_logical_devices("CPU")
            devices = [d.name for d in logical]
        elif isinstance(devices, str):
            devices = [devices]
        devices = [canonical_device(d if isinstance(d, str) else d.name) for d in devices]
        if not devices:
            raise ValueError("got an empty `devices` list")
        if len(set(devices)) != len(devices):
            raise ValueError("No duplicates allowed in `devices` argument: %s" % (devices,))
        _config.list_logical_devices()  # starts TF's runtime, as creating the strategy does
        super().__init__(devices)

    @contextlib.contextmanager
    def _device_scope(self, index: int) -> Iterator[None]:
        import jax
        device = self.jax_devices()[index]
        with jax.default_device(device):
            yield


class OneDeviceStrategy(Strategy):
    """``tf.distribute.OneDeviceStrategy(device)``: everything on one device."""

    def __init__(self, device: str):
        super().__init__([canonical_device(device)])


class _DefaultDistributionStrategy(Strategy):
    """The strategy in effect when none is: one replica, no scope needed."""

    def __init__(self):
        super().__init__(["/job:localhost/replica:0/task:0/device:CPU:0"])

    def run(self, fn: Callable, args=(), kwargs=None, options=None):
        return fn(*args, **(kwargs or {}))

    def reduce(self, reduce_op, value, axis=None):
        from ..reduction_ops import reduce_mean, reduce_sum
        from ..tensor import convert_to_tensor
        op = _reduce_op(reduce_op)
        if axis is None:
            return convert_to_tensor(value)
        return (reduce_sum if op is ReduceOp.SUM else reduce_mean)(value, axis=axis)


_default: list = []


def _default_strategy() -> _DefaultDistributionStrategy:
    with _lock:
        if not _default:
            _default.append(_DefaultDistributionStrategy())
    return _default[0]


# -- replica contexts -----------------------------------------------------------------
class ReplicaContext:
    """``tf.distribute.ReplicaContext``: what a replica sees inside ``strategy.run``."""

    def __init__(self, strategy: Strategy, replica_id: int, runner=None):
        self._strategy, self._replica_id, self._runner = strategy, replica_id, runner

    @property
    def strategy(self) -> Strategy:
        return self._strategy

    @property
    def num_replicas_in_sync(self) -> int:
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        """This replica's index, an int32 scalar tensor (as TF gives it)."""
        from .. import dtypes
        from ..tensor import constant
        return constant(self._replica_id, dtype=dtypes.int32)

    @property
    def devices(self) -> tuple:
        return (self._strategy.extended.worker_devices[self._replica_id],)

    def merge_call(self, merge_fn: Callable, args=(), kwargs=None):
        """Run ``merge_fn(strategy, *args)`` once, in cross-replica context, with every
        replica's arguments grouped; each replica gets its part of the result."""
        if self._runner is None:
            with self._strategy.scope():
                return merge_fn(self._strategy, *args, **(kwargs or {}))
        return self._runner.merge_call(self._replica_id, merge_fn, tuple(args), dict(kwargs or {}))

    def all_reduce(self, reduce_op, value, options=None):
        """``all_reduce(ReduceOp.SUM | MEAN, value)``: the reduction of every replica's
        ``value`` (a nest of tensors), given to each replica."""
        from . import values as v
        op = _reduce_op(reduce_op)

        def merge(strategy, per_replica):
            reduced = v.map_leaves(lambda x: strategy._cross_replica(op, x), per_replica)
            return v.map_leaves(_mirror, reduced)
        return self.merge_call(merge, args=(value,))

    def all_gather(self, value, axis: int, options=None):
        from . import values as v

        def merge(strategy, per_replica):
            gathered = v.map_leaves(lambda x: strategy.gather(x, axis), per_replica)
            return v.map_leaves(_mirror, gathered)
        return self.merge_call(merge, args=(value,))


def _mirror(value) -> values_lib.Mirrored:
    """A reduced value as each replica's own tensor (TF gives each device its copy)."""
    from ..array_ops import identity
    strategy = _current_strategy()
    return values_lib.Mirrored([identity(value) for _ in range(strategy.num_replicas_in_sync)])


class _DefaultReplicaContext(ReplicaContext):
    """The replica context outside every strategy (one replica, id 0, a Python int as in TF)."""

    @property
    def replica_id_in_sync_group(self) -> int:
        return 0


class _MirroredReplicaContext(ReplicaContext):
    """A MirroredStrategy replica's context (TF's class name)."""


def get_strategy() -> Strategy:
    """``tf.distribute.get_strategy()``: the strategy of the current scope or replica, else the default."""
    return _current_strategy()


def has_strategy() -> bool:
    """``tf.distribute.has_strategy()``: whether a non-default strategy is in effect."""
    return not isinstance(_current_strategy(), _DefaultDistributionStrategy)


def in_cross_replica_context() -> bool:
    """``tf.distribute.in_cross_replica_context()``: inside a strategy's scope, outside ``run``."""
    return mirrored_run.current_replica() is None and bool(_scopes)


def get_replica_context() -> ReplicaContext | None:
    """``tf.distribute.get_replica_context()``: the running replica's context; None in
    cross-replica context; the default replica context outside every strategy."""
    replica = mirrored_run.current_replica()
    if replica is not None:
        return replica
    if _scopes:
        return None
    return _DefaultReplicaContext(_default_strategy(), 0)


def get_cross_replica_context() -> Strategy | None:
    """``tf.distribute.get_cross_replica_context()``: the strategy when in cross-replica context (or the default)."""
    if mirrored_run.current_replica() is not None:
        return None
    return _current_strategy()


def in_replica_of_strategy() -> bool:
    """Whether this thread is a replica of a multi-replica strategy (where merge points apply)."""
    replica = mirrored_run.current_replica()
    return replica is not None and replica.strategy.num_replicas_in_sync > 1
