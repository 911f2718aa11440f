"""``torch.nn.parallel``: ``DistributedDataParallel`` (several processes, on
``gradcompat.distributed``) and ``DataParallel`` (this process's devices, as shardings)."""
from . import data_parallel, distributed  # noqa: F401
from .data_parallel import DataParallel
from .distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel"]
