"""gradcompat: PyTorch, TensorFlow and MindSpore gradient code on JAX/XLA.

Import a dialect in place of the framework (``import gradcompat.torch as torch``,
``import gradcompat.tensorflow as tf``, ``import gradcompat.mindspore as mindspore``), or
run an unmodified script with ``gradcompat run script.py``. Importing gradcompat turns on
JAX's 64-bit mode, which the frameworks' float64/int64 dtypes need.
"""
from __future__ import annotations

import importlib

from .core import CacheInfo, cache_info, clear_cache, set_compile_notice
from .core.handle import Handle

__version__ = "0.1.0"

DIALECTS = ("torch", "tensorflow", "mindspore")


def to_jax(tensor: Handle):
    """The JAX array behind a tensor of any dialect."""
    return tensor._jax_value()


def compare(model_a, model_b, *inputs, **options):
    """Per-parameter gradient differences of one model in two dialects: see
    :func:`gradcompat.transfer.compare`."""
    from .transfer import compare as _compare
    return _compare(model_a, model_b, *inputs, **options)


def from_jax(array, dialect: str):
    """A tensor of the named dialect ("torch", "tensorflow" or "mindspore") holding ``array``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {DIALECTS}")
    return importlib.import_module(f"gradcompat.{dialect}").from_jax(array)


__all__ = ["CacheInfo", "cache_info", "clear_cache", "compare", "from_jax", "set_compile_notice", "to_jax", "DIALECTS"]
