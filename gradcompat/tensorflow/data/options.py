"""``tf.data.Options``: accepted and kept (the pipeline here has no threading or optimization
knobs to set); attributes read back as set, unset ones as None."""
from __future__ import annotations

from typing import Any


class _OptionGroup:
    """A group of options (``options.threading``, ``options.experimental_optimization``)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        group = _OptionGroup()
        object.__setattr__(self, name, group)
        return group


class Options(_OptionGroup):
    """``tf.data.Options()``: ``experimental_deterministic``, ``threading.private_threadpool_size``,
    ``experimental_distribute.auto_shard_policy``, ... are accepted and kept."""

    def __init__(self) -> None:
        self.deterministic = None
        self.experimental_deterministic = None
        self.experimental_slack = False
        self.experimental_external_state_policy = None

    def merge(self, options: "Options") -> "Options":
        merged = Options()
        merged.__dict__.update(self.__dict__)
        merged.__dict__.update(options.__dict__)
        return merged
