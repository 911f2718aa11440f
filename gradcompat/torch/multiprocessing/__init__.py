"""``torch.multiprocessing``: Python's ``multiprocessing`` plus torch's ``spawn`` /
``start_processes`` (fresh interpreters that run on gradcompat when the parent does)."""
from multiprocessing import *  # noqa: F401,F403 - torch.multiprocessing re-exports it
import multiprocessing as _mp

from . import spawn as _spawn_module  # noqa: F401
from .spawn import (ProcessContext, ProcessException, ProcessExitedException, ProcessRaisedException,
                    SpawnContext, spawn, start_processes)

__all__ = [*_mp.__all__, "ProcessContext", "ProcessException", "ProcessExitedException", "ProcessRaisedException",
           "SpawnContext", "spawn", "start_processes"]
