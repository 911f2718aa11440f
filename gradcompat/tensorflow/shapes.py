"""``tf.TensorShape``: a possibly partial shape (unknown dims and unknown rank)."""
from __future__ import annotations

from typing import Iterable


class TensorShape:
    """Reprs as TF: ``TensorShape([2, None])``; ``str`` is ``(2, None)`` or ``<unknown>``."""

    def __init__(self, dims: Iterable[int | None] | None):
        self.dims = None if dims is None else tuple(None if d is None else int(d) for d in dims)

    @property
    def rank(self) -> int | None:
        return None if self.dims is None else len(self.dims)

    ndims = rank

    def as_list(self) -> list:
        if self.dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self.dims)

    def is_fully_defined(self) -> bool:
        return self.dims is not None and all(d is not None for d in self.dims)

    def __len__(self) -> int:
        if self.dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self.dims)

    def __iter__(self):
        if self.dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self.dims)

    def __getitem__(self, key):
        return self.dims[key]

    def __eq__(self, other) -> bool:
        if isinstance(other, TensorShape):
            return self.dims == other.dims
        try:
            return self.dims == tuple(other)
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self.dims)

    def __repr__(self) -> str:
        return "TensorShape(None)" if self.dims is None else f"TensorShape({list(self.dims)})"

    def __str__(self) -> str:
        from .graph import v2_tensorshape
        if self.dims is None:
            return "<unknown>"
        if not v2_tensorshape():
            return self.graph_text()
        if len(self.dims) == 1:
            return f"({self.dims[0]},)"
        return "(" + ", ".join(str(d) for d in self.dims) + ")"

    def graph_text(self) -> str:
        """The shape as graph-mode tensor reprs write it: ``(?, 3)``, ``<unknown>``."""
        if self.dims is None:
            return "<unknown>"
        parts = ["?" if d is None else str(d) for d in self.dims]
        return f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"

    def feed_text(self) -> str:
        """As placeholder errors write it: ``[?,3]``."""
        return "[" + ",".join("?" if d is None else str(d) for d in self.dims) + "]"

    def compatible_with(self, shape) -> bool:
        if self.dims is None:
            return True
        shape = tuple(shape)
        return len(shape) == len(self.dims) and all(d is None or d == s for d, s in zip(self.dims, shape))
