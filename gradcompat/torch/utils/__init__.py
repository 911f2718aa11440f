"""``torch.utils``: ``data`` (datasets, samplers, DataLoader), ``checkpoint``, ``benchmark``."""
from . import data  # noqa: F401
