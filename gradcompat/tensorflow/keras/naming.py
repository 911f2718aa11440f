"""Keras object names and the path prefix of variables created while a layer builds.

Keras names objects from a global counter per prefix (``dense``, ``dense_1``, ...) that
``keras.backend.clear_session()`` resets; a variable's path is the chain of the objects
building it (``sequential/dense/kernel``).
"""
from __future__ import annotations

import contextlib
import re
from typing import Iterator

_counts: dict[str, int] = {}
_scopes: list[str] = []


def snake_case(name: str) -> str:
    """Keras's default object name for a class name (``Dense`` -> ``dense``, ``SGD`` -> ``sgd``)."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix: str) -> str:
    """``prefix``, then ``prefix_1``, ``prefix_2``..."""
    count = _counts.get(prefix, 0)
    _counts[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear() -> None:
    _counts.clear()


@contextlib.contextmanager
def scope(name: str) -> Iterator[None]:
    """Variables created inside get ``name/`` in their path."""
    _scopes.append(name)
    try:
        yield
    finally:
        _scopes.pop()


def path(name: str) -> str:
    return "/".join([*_scopes, name])
