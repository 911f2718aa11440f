"""``torch.utils.benchmark``: ``Timer`` and ``Measurement`` (Python statements)."""
from .common import Measurement, TaskSpec, select_unit
from .timer import Language, Timer

__all__ = ["Language", "Measurement", "TaskSpec", "Timer", "select_unit"]
