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
    keeps on every device (printed per device, ``name/replica_<i>:0`` beyond the first)."""

    _replica_count = 1

    def __init__(self, *args, **kwargs):
        from . import distribute_lib
        super().__init__(*args, **kwargs)
        self._replica_count = distribute_lib.get_strategy().num_replicas_in_sync

    def _component_text(self, index: int) -> str:
        text = ResourceVariable.__repr__(self)
        if index == 0:
            return text
        base = self._name[:-2] if self._name.endswith(":0") else self._name
        return text.replace(f"'{self._name}'", f"'{base}/replica_{index}:0'", 1)

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
