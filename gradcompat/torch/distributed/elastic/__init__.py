"""``torch.distributed.elastic``: what scripts launched by torchrun import from it
(``multiprocessing.errors.record``)."""
from . import multiprocessing  # noqa: F401
