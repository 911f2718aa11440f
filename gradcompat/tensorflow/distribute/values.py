"""``tf.distribute``'s distributed values: ``PerReplica`` (one value per replica, what
``strategy.run`` returns and a distributed dataset yields), ``Mirrored`` (the same value on
every replica) and ``MirroredVariable`` (what ``tf.Variable`` makes under a MirroredStrategy's
scope), with TF's reprs.

Known difference: a MirroredVariable has one storage (one core state cell), not one copy per
device; every replica reads and the single update writes that storage, which is what TF's
synchronized copies amount to.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ..variables import ResourceVariable


class DistributedValues:
    """``tf.distribute.DistributedValues``: one component per replica, in replica order."""

    _label = "DistributedValues"

    def __init__(self, values: Sequence[Any]):
        self._values = tuple(values)

    @property
    def values(self) -> tuple:
        return self._values

    def _text(self, show: Callable[[Any], str]) -> str:
        lines = ",\n".join(f"  {i}: {show(v)}" for i, v in enumerate(self._values))
        return f"{self._label}:{{\n{lines}\n}}"

    def __repr__(self) -> str:
        return self._text(repr)

    def __str__(self) -> str:
        return self._text(str)


class PerReplica(DistributedValues):
    """``PerReplica``: a value that may differ from replica to replica."""

    _label = "PerReplica"


class Mirrored(DistributedValues):
    """``Mirrored``: the same value held by every replica."""

    _label = "Mirrored"


class MirroredVariable(ResourceVariable):
    """What ``tf.Variable(...)`` makes under ``MirroredStrategy.scope()``: one variable that TF
    keeps on every device (printed per device, ``name/replica_<i>:0`` beyond the first).

    Writes in cross-replica context (the optimizer's update after its merge, ``assign`` outside
    ``run``) keep every copy equal. Writes inside ``run`` follow the variable's aggregation as in
    TF: ``"sum"`` (Keras metrics) accumulate every replica's update; ``"only_first_replica"``
    keeps replica 0's; ``"none"`` (Keras layer weights such as BatchNormalization's moving
    statistics) lets each replica's copy drift on its own, reads outside ``run`` seeing replica
    0's copy. Known difference: ``"mean"`` keeps the last replica's write, not the mean."""

    _replica_count = 1
    _copies: list | None = None  # the cells of replicas 1.. once their copies have drifted

    def __init__(self, *args, **kwargs):
        from . import distribute_lib
        aggregation = kwargs.get("aggregation")
        self._aggregation = str(getattr(aggregation, "name", aggregation) or "none").lower()
        super().__init__(*args, **kwargs)
        self._replica_count = distribute_lib.get_strategy().num_replicas_in_sync

    @staticmethod
    def _replica_index() -> int:
        from .mirrored_run import current_replica
        replica = current_replica()
        return 0 if replica is None else replica._replica_id

    @property
    def _cell(self):
        index = self._replica_index()
        if index and self._copies is not None:
            return self._copies[index - 1]
        return self._primary

    @_cell.setter
    def _cell(self, cell) -> None:
        self._primary = cell

    def _write(self, value, combine=None, op_type: str = "Assign", name=None):
        from .mirrored_run import current_replica
        replica = current_replica()
        if replica is None:
            self._copies = None  # a cross-replica write sets every copy
        elif self._aggregation == "only_first_replica" and replica._replica_id:
            return self._unread_view()
        elif self._aggregation == "none" and self._copies is None and self._replica_count > 1:
            self._copies = [self._fork(i) for i in range(1, self._replica_count)]
        return super()._write(value, combine, op_type, name)

    def _fork(self, index: int):
        from ... import core
        primary = self._primary
        return core.StateCell(primary.value, f"{primary.name}/replica_{index}", primary.aval, owner=self)

    def _component(self, index: int) -> ResourceVariable:
        """Replica ``index``'s copy, as a plain variable (named ``name/replica_<i>:0`` beyond the first)."""
        view = ResourceVariable.__new__(ResourceVariable)
        view.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("_primary", "_copies")})
        view.__dict__["_cell"] = self._copies[index - 1] if index and self._copies is not None else self._primary
        if index:
            base = self._name[:-2] if self._name.endswith(":0") else self._name
            view._name = f"{base}/replica_{index}:0"
        return view

    @property
    def values(self) -> tuple:
        """``MirroredVariable.values``: each replica's copy."""
        return tuple(self._component(i) for i in range(self._replica_count))

    def _component_text(self, index: int) -> str:
        return repr(self._component(index))

    def __repr__(self) -> str:
        lines = ",\n".join(f"  {i}: {self._component_text(i)}" for i in range(self._replica_count))
        return f"MirroredVariable:{{\n{lines}\n}}"

    __str__ = __repr__


def map_leaves(fn: Callable[[Any], Any], structure: Any) -> Any:
    """``fn`` over the leaves of a nest of tuples / lists / dicts (namedtuples rebuilt);
    distributed values are leaves."""
    if isinstance(structure, dict):
        return type(structure)((k, map_leaves(fn, v)) for k, v in structure.items())
    if isinstance(structure, (list, tuple)):
        items = [map_leaves(fn, v) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return fn(structure)


def select_replica(index: int, structure: Any) -> Any:
    """Replica ``index``'s view of a nest: each distributed value's component, other leaves as they are."""
    return map_leaves(lambda v: v._values[index] if isinstance(v, DistributedValues) else v, structure)


def regroup(per_replica: Sequence[Any]) -> Any:
    """One nest from the replicas' nests (TF's ``regroup``): a leaf that is the same object on
    every replica stays itself, other leaves become ``PerReplica``."""
    first = per_replica[0]
    if isinstance(first, dict) and not isinstance(first, DistributedValues):
        return type(first)((k, regroup([r[k] for r in per_replica])) for k in first)
    if isinstance(first, (list, tuple)):
        items = [regroup([r[i] for r in per_replica]) for i in range(len(first))]
        return type(first)(*items) if hasattr(first, "_fields") else type(first)(items)
    if all(v is first for v in per_replica):
        return first
    return PerReplica(per_replica)


def _variable_class(cls):
    """The class ``tf.Variable(...)`` makes: MirroredVariable under a multi-replica strategy's scope."""
    from . import distribute_lib
    strategy = distribute_lib.get_strategy()
    if strategy.num_replicas_in_sync > 1 and isinstance(strategy, distribute_lib.MirroredStrategy):
        return MirroredVariable
    return cls


def _install_variable_hook() -> None:
    from .. import variables
    variables.variable_class_hook = _variable_class
