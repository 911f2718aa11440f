"""``torch.utils``: ``data`` (datasets, samplers, DataLoader), ``checkpoint``, ``benchmark``."""
from . import benchmark, checkpoint, data  # noqa: F401
