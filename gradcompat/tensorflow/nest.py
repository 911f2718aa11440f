"""``tf.nest``: flatten and rebuild nested structures as TF does (dict values in sorted key
order, namedtuples rebuilt as themselves, None a leaf)."""
from __future__ import annotations

from typing import Any, Callable, Iterable


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (list, tuple, dict))


def flatten(structure: Any, expand_composites: bool = False) -> list:
    """``tf.nest.flatten``: the leaves, depth first."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def _pack(structure: Any, leaves) -> Any:
    if isinstance(structure, dict):
        packed = {key: _pack(structure[key], leaves) for key in sorted(structure)}
        return type(structure)((key, packed[key]) for key in structure)
    if isinstance(structure, (list, tuple)):
        items = [_pack(item, leaves) for item in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return next(leaves)


def pack_sequence_as(structure: Any, flat_sequence: Iterable, expand_composites: bool = False) -> Any:
    """``tf.nest.pack_sequence_as``: ``flat_sequence`` in the shape of ``structure``."""
    return _pack(structure, iter(flat_sequence))


def map_structure(func: Callable, *structures: Any, **kwargs) -> Any:
    """``tf.nest.map_structure``: ``func`` over the leaves of same-shaped structures."""
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*leaves) for leaves in zip(*flats)])
