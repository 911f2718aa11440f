"""``tf.TensorSpec(shape, dtype, name)``: the type of a tensor (a ``tf.function`` signature)."""
from __future__ import annotations

from . import dtypes as _dt
from .shapes import TensorShape


class TensorSpec:
    """A shape (dims may be None) and a dtype; ``repr`` as TF's."""

    def __init__(self, shape=None, dtype=_dt.float32, name: str | None = None):
        self.shape = shape if isinstance(shape, TensorShape) else TensorShape(None if shape is None else list(shape))
        self.dtype = _dt.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name: str | None = None) -> "TensorSpec":
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, other) -> bool:
        """Same dtype, and shapes that agree wherever both are known."""
        spec = other if isinstance(other, TensorSpec) else TensorSpec.from_tensor(other)
        if spec.dtype != self.dtype:
            return False
        mine, theirs = self.shape.dims, spec.shape.dims
        if mine is None or theirs is None:
            return True
        return len(mine) == len(theirs) and all(a is None or b is None or a == b for a, b in zip(mine, theirs))

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"  # TF1 writes ? dims

    def __eq__(self, other) -> bool:
        return isinstance(other, TensorSpec) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))
