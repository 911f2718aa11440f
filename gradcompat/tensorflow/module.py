"""``tf.Module``: a named container whose variables and submodules are found by walking its attributes.

The walk follows TF's order: a module's attributes sorted by name, each flattened as
``tf.nest`` flattens (lists, tuples, dict values by sorted key); the matches found at one
level come before those of its submodules, which are then walked in the order found; each
object is reported once. Keras layers are not ``tf.Module``s (as in Keras 3), so they are
not walked. Known difference: lists and dicts stored on a module stay plain Python ones
(TF wraps them in trackable ``ListWrapper`` / ``_DictWrapper``).
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterator

from .nest import flatten
from .scopes import name_scope_v2
from .variables import Variable

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _default_name(class_name: str) -> str:
    """TF's module name for a class name: ``MyModule`` -> ``my_module``, ``HTTPServer2D`` -> ``http_server2_d``."""
    return re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", class_name).lower()


class Module:
    """``tf.Module(name=None)``: ``name``, ``name_scope``, ``variables``, ``trainable_variables``,
    ``non_trainable_variables``, ``submodules`` and the ``with_name_scope`` decorator."""

    def __init__(self, name: str | None = None):
        if name is None:
            name = _default_name(type(self).__name__)
        elif not _IDENTIFIER.match(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name).")
        self._name = name
        with name_scope_v2(name) as scope_name:  # nested in the scope the module is created in
            self._name_scope = name_scope_v2(scope_name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> name_scope_v2:
        """The module's name scope (``"outer/name/"``), to enter with ``with``."""
        return self._name_scope

    @property
    def variables(self) -> tuple:
        """Every ``tf.Variable`` of this module and its submodules (TF's order)."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        """Every ``tf.Module`` reachable from this one's attributes, breadth first per level."""
        return tuple(self._flatten(predicate=lambda m: isinstance(m, Module)))

    def _flatten(self, recursive: bool = True, predicate: Callable[[Any], bool] | None = None) -> Iterator:
        """The objects of the module tree that ``predicate`` accepts (all leaves when None)."""
        return _walk(self, recursive, predicate or (lambda _: True), {id(self)})

    @classmethod
    def with_name_scope(cls, method: Callable) -> Callable:
        """Decorator: the method runs inside ``self.name_scope`` (variables it creates get the module's prefix)."""
        @functools.wraps(method)
        def in_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return in_scope


_IGNORED = frozenset(("_name", "_name_scope"))


def _is_variable(value: Any) -> bool:
    return isinstance(value, Variable)


def _walk(module: Module, recursive: bool, predicate: Callable[[Any], bool], seen: set) -> Iterator:
    found_modules = []
    for key in sorted(vars(module)):
        if key in _IGNORED:
            continue
        for leaf in flatten(vars(module)[key]):
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield leaf
            if recursive and isinstance(leaf, Module):
                found_modules.append(leaf)
    for child in found_modules:
        yield from _walk(child, recursive, predicate, seen)
