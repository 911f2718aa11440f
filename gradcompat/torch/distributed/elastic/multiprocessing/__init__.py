"""``torch.distributed.elastic.multiprocessing``: its ``errors`` module."""
from . import errors  # noqa: F401
