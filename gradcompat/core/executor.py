"""One executor for every deferred computation.

``run(fetches, feeds)`` turns the subgraph behind the fetches into one pure function of
(state values, feeds, constants) -> (fetch values, new state values), runs it through
the structural compile cache, and applies the state writes. TF1 ``Session.run``,
materializing a deferred tensor and running a compiled step are all this call.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from . import cache
from .graph import Effect, Node, Placeholder, Read, StateCell
from .program import Program, trace


class MissingFeed(LookupError):
    """A placeholder the fetches need was not fed."""

    def __init__(self, placeholder: Placeholder):
        super().__init__(placeholder.name)
        self.placeholder = placeholder


class UninitializedState(LookupError):
    """A state cell the fetches read holds no value yet."""

    def __init__(self, cell: StateCell):
        super().__init__(cell.name)
        self.cell = cell


def run_program(*values, program: Program):
    return program(*values)


def _input_value(node: Node, feeds: Mapping[Node, Any]):
    if node in feeds:
        return feeds[node]
    if node.value is not None:
        return node.value
    if isinstance(node, Read):
        if node.cell.value is None:
            raise UninitializedState(node.cell)
        return node.cell.value
    if isinstance(node, Placeholder):
        raise MissingFeed(node)
    raise ValueError(f"cannot evaluate leaf {node!r}")


def run(fetches: Sequence[Node], feeds: Mapping[Node, Any] | None = None) -> list:
    """Values of ``fetches`` (None for effects), after applying the effects' state writes.

    Reads see the state as it was when the run started; writes land when it ends.
    """
    feeds = dict(feeds or {})
    targets: list[Node] = []
    for f in fetches:
        if isinstance(f, Effect):
            targets.extend(node for _, node in f.all_writes())
        else:
            targets.append(f)

    def boundary(node: Node) -> bool:
        return node in feeds or node.value is not None or not node.inputs

    program, inputs = trace(targets, [], boundary)
    values = [_input_value(n, feeds) for n in inputs]
    results = iter(cache.call(run_program, (("program", program),), values) if program.eqns
                   else program(*values))
    out, writes = [], []
    for f in fetches:
        if isinstance(f, Effect):
            writes.extend((cell, next(results)) for cell, _ in f.all_writes())
            out.append(None)
        else:
            out.append(next(results))
    for cell, value in writes:
        cell.value = value
    return out
