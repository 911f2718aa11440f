"""``torch.autograd.variable``: where torch's legacy ``Variable`` lives (see ``torch/legacy.py``)."""
from ..legacy import Variable

__all__ = ["Variable"]
