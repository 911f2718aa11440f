"""``nn.SequentialCell`` and ``nn.CellList``: Cells held by position, named ``"0"``, ``"1"``...

As in MindSpore 2.x, the children's parameters are named by position
(``SequentialCell([Dense, ReLU, Dense])`` has ``0.weight``, ``0.bias``, ``2.weight``...).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterable, Iterator

from .cell import Cell


def _check_cell(cell: Any, owner: str) -> Cell:
    if not isinstance(cell, Cell):
        raise TypeError(f"For '{owner}', each cell should be subclass of Cell, but got {type(cell).__name__}.")
    return cell


class _PositionalCells(Cell):
    """Children stored under their position as attribute names."""

    def _children(self) -> list[Cell]:
        return list(self._registry("_cells").values())

    def _set_children(self, cells: Iterable[Cell]) -> None:
        for name in list(self._registry("_cells")):
            delattr(self, name)
        for i, cell in enumerate(cells):
            setattr(self, str(i), cell)

    def __getitem__(self, index: int | slice) -> Any:
        children = self._children()
        if isinstance(index, slice):
            return type(self)(children[index])
        if not isinstance(index, int):
            raise TypeError(f"For '{type(self).__name__}', the type of 'index' should be int or slice, "
                            f"but got {type(index).__name__}.")
        if not -len(children) <= index < len(children):
            raise IndexError(f"For '{type(self).__name__}', the value of 'index' should be a number in range "
                             f"[{-len(children)}, {len(children)}), but got {index}.")
        return children[index]

    def __setitem__(self, index: int, cell: Cell) -> None:
        children = self._children()
        children[index] = _check_cell(cell, type(self).__name__)
        self._set_children(children)

    def __delitem__(self, index: int | slice) -> None:
        children = self._children()
        del children[index]
        self._set_children(children)

    def __len__(self) -> int:
        return len(self._registry("_cells"))

    def __iter__(self) -> Iterator[Cell]:
        return iter(self._children())

    def append(self, cell: Cell) -> None:
        setattr(self, str(len(self)), _check_cell(cell, type(self).__name__))


class SequentialCell(_PositionalCells):
    """``nn.SequentialCell(*args)``: cells given one by one, as a list, or as an OrderedDict
    (whose keys name them); ``construct`` passes the input through each in turn."""

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, cell in args[0].items():
                setattr(self, name, _check_cell(cell, "SequentialCell"))
            return
        if len(args) == 1 and isinstance(args[0], list):
            args = tuple(args[0])
        for i, cell in enumerate(args):
            setattr(self, str(i), _check_cell(cell, "SequentialCell"))

    def construct(self, input_data: Any) -> Any:
        for cell in self._children():
            input_data = cell(input_data)
        return input_data


class CellList(_PositionalCells):
    """``nn.CellList(args=None)``: a list of Cells (no ``construct`` of its own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        cells = args[0] if args else kwargs.get("args")
        if cells is not None:
            self.extend(cells)

    def extend(self, cells: Iterable[Cell]) -> "CellList":
        for cell in cells:
            self.append(cell)
        return self

    def insert(self, index: int, cell: Cell) -> None:
        children = self._children()
        children.insert(index, _check_cell(cell, "CellList"))
        self._set_children(children)
