"""``nn.Dropout``: active in train mode, the identity in eval mode."""
from __future__ import annotations

__all__ = ["Dropout"]

from . import functional as F
from .module import Module


class Dropout(Module):
    """Known difference: the dropped positions come from gradcompat's stream, not torch's."""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
