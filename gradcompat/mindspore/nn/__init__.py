"""``mindspore.nn``: the Cell base class."""
from .cell import Cell

__all__ = ["Cell"]
