"""TF1's ``tf.compat.v1.train.Saver``: variables by name into TF's tensor bundle, with the
``checkpoint`` state file and ``max_to_keep``. Values are those of the session given (each
session holds its own), or the variables' own in eager mode.

Known difference: no ``.meta`` file (MetaGraphDef) is written, so ``import_meta_graph`` of our
checkpoints is not possible; real TF's ``Saver.restore`` reads them.
"""
from __future__ import annotations

import os
from typing import Any

import jax.numpy as jnp
import numpy as np

from ..errors import NotFoundError
from . import bundle, state
from .trackables import is_variable, variable_name


def _by_name(var_list) -> dict[str, Any]:
    if var_list is None:
        from ..variables import global_variables
        var_list = global_variables()
    if isinstance(var_list, dict):
        return dict(var_list)
    named: dict[str, Any] = {}
    for variable in var_list:
        if not is_variable(variable):
            raise TypeError(f"Variable to save is not a Variable: {variable}")
        name = variable_name(variable)
        if name in named:
            raise ValueError(f"At least two variables have the same name: {name}")
        named[name] = variable
    return named


class Saver:
    """``tf.compat.v1.train.Saver`` (see the module docstring)."""

    def __init__(self, var_list=None, reshape: bool = False, sharded: bool = False, max_to_keep: int = 5,
                 keep_checkpoint_every_n_hours: float = 10000.0, name=None, restore_sequentially: bool = False,
                 saver_def=None, builder=None, defer_build: bool = False, allow_empty: bool = False,
                 write_version=None, pad_step_number: bool = False, save_relative_paths: bool = False,
                 filename=None):
        self._var_list = var_list
        self._variables = None if defer_build else self._resolve(allow_empty)
        self._allow_empty = allow_empty
        self._max_to_keep = max_to_keep
        self._pad_step_number = pad_step_number
        self._relative = save_relative_paths
        self._last: list[tuple[str, float]] = []

    def _resolve(self, allow_empty: bool) -> dict[str, Any]:
        variables = _by_name(self._var_list)
        if not variables and not allow_empty:
            raise ValueError("No variables to save")
        return variables

    def build(self) -> None:
        self._variables = self._resolve(self._allow_empty)

    @property
    def last_checkpoints(self) -> list[str]:
        return [p for p, _ in self._last]

    def _values(self, sess) -> dict[str, np.ndarray]:
        names = list(self._variables)
        if sess is None:
            return {n: np.asarray(self._variables[n].numpy()) for n in names}
        values = sess.run([self._variables[n] for n in names])
        return {n: np.asarray(v) for n, v in zip(names, values)}

    def save(self, sess, save_path: str, global_step=None, latest_filename=None, meta_graph_suffix: str = "meta",
             write_meta_graph: bool = True, write_state: bool = True, strip_default_attrs: bool = False,
             save_debug_info: bool = False) -> str:
        """Write the variables' values under ``save_path`` (``-<step>`` appended with a global step)."""
        if self._variables is None:
            self.build()
        if global_step is not None:
            step = int(np.asarray(sess.run(global_step) if is_variable(global_step) and sess is not None
                                  else getattr(global_step, "numpy", lambda: global_step)()))
            save_path = f"{save_path}-{step:08d}" if self._pad_step_number else f"{save_path}-{step}"
        directory = os.path.dirname(save_path)
        if directory and not os.path.isdir(directory):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
        bundle.write(save_path, self._values(sess))
        self._last = [(p, t) for p, t in self._last if p != save_path] + [(save_path, state.now())]
        while self._max_to_keep and len(self._last) > self._max_to_keep:
            state.remove(self._last.pop(0)[0])
        if write_state:
            state.write_state(directory or ".", save_path, self.last_checkpoints,
                              [t for _, t in self._last], relative=self._relative)
        return save_path

    def restore(self, sess, save_path: str) -> None:
        """Load every variable of this saver from the checkpoint ``save_path``."""
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        if not bundle.exists(save_path):
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        if self._variables is None:
            self.build()
        stored = bundle.read(save_path)
        for name, variable in self._variables.items():
            if name not in stored:
                raise NotFoundError(None, None, f"Key {name} not found in checkpoint")
            value = jnp.asarray(stored[name], dtype=variable.dtype.np)
            if sess is None:
                variable.assign(value)
            else:
                sess._state[variable._cell] = value
