"""TF1's ``variable_scope`` and ``name_scope``: the prefixes of variable and op names.

A variable scope names ``get_variable``'s variables and says whether they may be reused
(``reuse=True``, ``AUTO_REUSE``; inherited by inner scopes); it also opens a name scope,
which names ops and ``tf.Variable``s. ``get_variable`` ignores name scopes, as in TF.
"""
from __future__ import annotations

import contextlib
import enum
from typing import Iterator

from .graph import get_default_graph


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class VariableScope:
    """``tf.compat.v1.VariableScope``: a name prefix, a reuse flag and defaults for new variables."""

    def __init__(self, reuse, name: str = "", initializer=None, dtype=None, original_name_scope: str = ""):
        self._reuse = reuse
        self._name = name
        self.initializer = initializer
        self.dtype = dtype
        self._original_name_scope = original_name_scope

    @property
    def name(self) -> str:
        return self._name

    @property
    def reuse(self):
        return self._reuse

    @property
    def original_name_scope(self) -> str:
        return self._original_name_scope

    def reuse_variables(self) -> None:
        """From now on, ``get_variable`` in this scope returns existing variables."""
        self._reuse = True

    def set_initializer(self, initializer) -> None:
        self.initializer = initializer

    def __repr__(self) -> str:
        return f"<VariableScope name={self._name!r} reuse={self._reuse!r}>"


def get_variable_scope() -> VariableScope:
    """``tf.compat.v1.get_variable_scope``: the current scope (the root scope at the top)."""
    graph = get_default_graph()
    if graph.var_scope is None:
        graph.var_scope = VariableScope(False)
    return graph.var_scope


def _is_reusing(reuse) -> bool:
    return reuse is True or reuse is AUTO_REUSE


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name: str | None = None, values=None, initializer=None,
                   regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                   reuse=None, dtype=None, use_resource=None, constraint=None,
                   auxiliary_name_scope: bool = True) -> Iterator[VariableScope]:
    """``tf.compat.v1.variable_scope``: a string nests under the current scope, a
    ``VariableScope`` re-enters it, None with ``default_name`` makes a unique one.
    ``reuse`` True or AUTO_REUSE holds for inner scopes too; False/None inherits."""
    graph = get_default_graph()
    parent = get_variable_scope()
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    if isinstance(name_or_scope, VariableScope):
        full_name = name_or_scope.name
        local = full_name.rsplit("/", 1)[-1]
        initializer = name_or_scope.initializer if initializer is None else initializer
        dtype = dtype or name_or_scope.dtype
        reuse = reuse if _is_reusing(reuse) else name_or_scope.reuse
    else:
        local = name_or_scope
        if local is None:
            prefix = f"{parent.name}/{default_name}" if parent.name else default_name
            count = graph.var_scope_counts.get(prefix, 0)
            graph.var_scope_counts[prefix] = count + 1
            local = default_name if count == 0 else f"{default_name}_{count}"
        full_name = f"{parent.name}/{local}" if parent.name else local
        initializer = parent.initializer if initializer is None else initializer
        dtype = dtype or parent.dtype
        reuse = reuse if _is_reusing(reuse) else parent.reuse
    names = graph.name_scope(local) if auxiliary_name_scope else contextlib.nullcontext(graph._name_stack)
    with names as name_scope_text:
        scope = VariableScope(reuse, full_name, initializer, dtype, original_name_scope=name_scope_text)
        previous, graph.var_scope = graph.var_scope, scope
        try:
            yield scope
        finally:
            graph.var_scope = previous


def name_scope(name, default_name: str | None = None, values=None):
    """``tf.compat.v1.name_scope(name, default_name=None, values=None)``: names ops made inside.

    Yields the scope as ``"outer/name/"``; re-entering a yielded string reuses that scope.
    """
    return get_default_graph().name_scope(name if name is not None or default_name is None else default_name)


class name_scope_v2:
    """TF2's ``tf.name_scope(name)``: eagerly a (non-uniquified) prefix of the names of
    variables made inside, as ``"outer/name/"``; in a graph (a ``tf.function`` trace, TF1),
    the graph's name scope. A name ending in ``/`` is absolute; ``""`` goes to the top."""

    def __init__(self, name: str):
        if not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        self._name = name
        self._exits: list = []

    @property
    def name(self) -> str:
        return self._name

    def __enter__(self) -> str:
        from . import context
        from .graph import executing_eagerly
        if executing_eagerly():
            if not self._name or self._name.endswith("/"):
                scope = self._name
            else:
                scope = f"{context.scope_prefix()}{self._name}/"
            previous = context.set_scope_prefix(scope)
            self._exits.append(lambda: context.set_scope_prefix(previous))
            return scope
        manager = get_default_graph().name_scope(self._name)
        scope = manager.__enter__()
        self._exits.append(lambda: manager.__exit__(None, None, None))
        return scope

    def __exit__(self, *exc) -> bool:
        self._exits.pop()()
        return False
