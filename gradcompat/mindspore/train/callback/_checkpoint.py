"""``CheckpointConfig`` and ``ModelCheckpoint``: save the training network's parameters to
MindSpore ``.ckpt`` files named ``{prefix}-{epoch}_{step}.ckpt`` as training runs.

As in MindSpore, a prefix whose files already exist in the directory becomes
``{prefix}_1``, ``{prefix}_2``, ...; at most ``keep_checkpoint_max`` files are kept (the
oldest are removed); the last step is saved when training ends. PyNative MindSpore writes
no ``-graph.meta`` file, and neither does this. Known differences: encryption, async and
``safetensors`` saving are not supported (see ``save_checkpoint``).
"""
from __future__ import annotations

import os
import stat
import time
from typing import Any, Callable

from ... import nn
from ...serialization import save_checkpoint
from .. import _validator as V
from ._callback import Callback, RunContext


class CheckpointConfig:
    """``CheckpointConfig(save_checkpoint_steps=1, save_checkpoint_seconds=0, keep_checkpoint_max=5,
    keep_checkpoint_per_n_minutes=0, integrated_save=True, async_save=False, saved_network=None,
    append_info=None, enc_key=None, enc_mode='AES-GCM', exception_save=False, crc_check=False, ...)``."""

    def __init__(self, save_checkpoint_steps: int | None = 1, save_checkpoint_seconds: int | None = 0,
                 keep_checkpoint_max: int | None = 5, keep_checkpoint_per_n_minutes: int | None = 0,
                 integrated_save: bool = True, async_save: bool = False, saved_network: Any = None,
                 append_info: list | None = None, enc_key: bytes | None = None, enc_mode: str = "AES-GCM",
                 exception_save: bool = False, crc_check: bool = False, remove_redundancy: bool = False,
                 format: str = "ckpt", **kwargs: Any) -> None:
        values = [save_checkpoint_steps, save_checkpoint_seconds, keep_checkpoint_max, keep_checkpoint_per_n_minutes]
        for value in values:
            if value is not None:
                V.check_int(value, 0, strict=False)
        if saved_network is not None and not isinstance(saved_network, nn.Cell):
            raise TypeError("For 'CheckpointConfig', the type of 'saved_network' must be None or Cell, "
                            f"but got {str(type(saved_network))}.")
        if not any(values):
            raise ValueError("For 'CheckpointConfig', the input arguments 'save_checkpoint_steps', "
                             "'save_checkpoint_seconds', 'keep_checkpoint_max' and 'keep_checkpoint_per_n_minutes' "
                             "can't be all None or 0.")
        self.exception_save = V.check_bool(exception_save)
        self._save_checkpoint_steps = save_checkpoint_steps
        self._save_checkpoint_seconds = None if save_checkpoint_steps else save_checkpoint_seconds
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_per_n_minutes = None if keep_checkpoint_max else keep_checkpoint_per_n_minutes
        if not keep_checkpoint_max and not keep_checkpoint_per_n_minutes:
            self._keep_checkpoint_max = 1
        self._integrated_save = V.check_bool(integrated_save)
        self._async_save = async_save
        self._saved_network = saved_network
        self._append_dict = _append_info(append_info)
        self._enc_key = enc_key
        self._enc_mode = enc_mode
        self._crc_check = crc_check
        self._format = format
        self.remove_redundancy = remove_redundancy

    save_checkpoint_steps = property(lambda self: self._save_checkpoint_steps)
    save_checkpoint_seconds = property(lambda self: self._save_checkpoint_seconds)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_per_n_minutes = property(lambda self: self._keep_checkpoint_per_n_minutes)
    integrated_save = property(lambda self: self._integrated_save)
    async_save = property(lambda self: self._async_save)
    saved_network = property(lambda self: self._saved_network)
    enc_key = property(lambda self: self._enc_key)
    enc_mode = property(lambda self: self._enc_mode)
    crc_check = property(lambda self: self._crc_check)
    format = property(lambda self: self._format)
    append_dict = property(lambda self: self._append_dict)

    def get_checkpoint_policy(self) -> dict:
        """The saving policy as a dict (MindSpore's keys)."""
        return {"save_checkpoint_steps": self.save_checkpoint_steps,
                "save_checkpoint_seconds": self.save_checkpoint_seconds,
                "keep_checkpoint_max": self.keep_checkpoint_max,
                "keep_checkpoint_per_n_minutes": self.keep_checkpoint_per_n_minutes,
                "saved_network": self.saved_network}


def _append_info(append_info: Any) -> dict | None:
    """``append_info`` (a list of ``'epoch_num'`` / ``'step_num'`` and one dict) as the dict saved
    after the parameters."""
    if append_info is None or append_info == []:
        return None
    if not isinstance(append_info, list):
        raise TypeError("For 'CheckpointConfig', the type of 'append_info' must be list,"
                        f"but got {str(type(append_info))}.")
    out: dict = {}
    for item in append_info:
        if isinstance(item, str):
            if item not in ("epoch_num", "step_num"):
                raise ValueError("For 'CheckpointConfig', the value of element in the argument 'append_info' "
                                 f"must be in ['epoch_num', 'step_num'], but got {item}.")
            out[item] = 0
        elif isinstance(item, dict):
            out.update(item)
        else:
            raise TypeError("For 'CheckpointConfig', the type of 'append_info' element must be str or dict,"
                            f"but got {str(type(item))}.")
    return out


def _unique_prefix(directory: str, prefix: str) -> str:
    """``prefix``, or ``prefix_N`` when checkpoints with that prefix are already in ``directory``."""
    suffix = 0
    for name in os.listdir(directory):
        if os.path.splitext(name)[1] not in (".ckpt", ".safetensors") or name.endswith("_breakpoint.ckpt"):
            continue
        if name.startswith(prefix) and len(name) > len(prefix) and not name[len(prefix)].isalpha():
            rest = name[len(prefix):]
            dash = rest.find("-")
            if dash == 0:
                suffix = max(suffix, 1)
            elif dash != -1 and rest[1:dash].isdigit():
                suffix = max(suffix, int(rest[1:dash]) + 1)
    return f"{prefix}_{suffix}" if suffix else prefix


class ModelCheckpoint(Callback):
    """``ModelCheckpoint(prefix='CKP', directory=None, config=None)``: saves
    ``{directory}/{prefix}-{epoch}_{step in epoch}.ckpt`` by ``config``'s policy."""

    def __init__(self, prefix: str | Callable = "CKP", directory: str | Callable | None = None,
                 config: CheckpointConfig | None = None) -> None:
        super().__init__()
        if not callable(prefix) and (not isinstance(prefix, str) or "/" in prefix):
            raise ValueError("For 'ModelCheckpoint', the argument 'prefix' for checkpoint file name is invalid, it "
                             f"must be callable or string that does not contain '/', but got {prefix}.")
        self._latest_ckpt_file_name = ""
        self._last_time = self._last_time_for_keep = time.time()
        self._last_triggered_step = 0
        self._prefix_func = prefix if callable(prefix) else None
        self._directory_func = directory if callable(directory) else None
        self._directory = os.path.abspath(directory if isinstance(directory, str) else os.getcwd())
        if isinstance(directory, str):
            os.makedirs(self._directory, exist_ok=True)
        if config is None:
            config = CheckpointConfig()
        elif not isinstance(config, CheckpointConfig):
            raise TypeError("For 'ModelCheckpoint', the type of argument 'config' should be 'CheckpointConfig', "
                            f"but got {type(config)}.")
        self._config = config
        self._prefix = prefix
        if not callable(prefix) and not callable(directory):
            self._prefix = _unique_prefix(self._directory, prefix)
        self._append_dict = config.append_dict or {}
        self._append_epoch_num = self._append_dict.get("epoch_num", 0)
        self._append_step_num = self._append_dict.get("step_num", 0)
        self._files: list[str] = []

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        if self._prefix_func:
            self._prefix = self._prefix_func(cb_params)
            if not isinstance(self._prefix, str) or "/" in self._prefix:
                raise ValueError("For 'ModelCheckpoint', the argument 'prefix' for checkpoint file name is callable, "
                                 "it must return a string that does not contain '/', but got "
                                 f"{self._prefix}.")
        if self._directory_func:
            self._directory = os.path.abspath(self._directory_func(cb_params))
            os.makedirs(self._directory, exist_ok=True)
        self._save_ckpt(cb_params)

    def end(self, run_context: RunContext) -> None:
        self._save_ckpt(run_context.original_args(), force_to_save=True)

    def _due(self, cb_params: dict, force_to_save: bool) -> bool:
        steps, seconds = self._config.save_checkpoint_steps, self._config.save_checkpoint_seconds
        if steps and steps > 0:
            return cb_params.cur_step_num >= self._last_triggered_step + steps or force_to_save
        if seconds and seconds > 0:
            now = time.time()
            if now - self._last_time > seconds or force_to_save:
                self._last_time = now
                return True
        return False

    def _save_ckpt(self, cb_params: dict, force_to_save: bool = False) -> None:
        if cb_params.cur_step_num == self._last_triggered_step or not self._due(cb_params, force_to_save):
            return
        step_in_epoch = int((cb_params.cur_step_num - 1) % cb_params.batch_num + 1)
        extension = f".{self._config.format}"
        name = (self._prefix + extension if self._prefix_func
                else f"{self._prefix}-{cb_params.cur_epoch_num}_{step_in_epoch}{extension}")
        self._prune(extension)
        path = os.path.join(self._directory, name)
        self._last_time_for_keep = time.time()
        self._last_triggered_step = cb_params.cur_step_num
        if "epoch_num" in self._append_dict:
            self._append_dict["epoch_num"] = self._append_epoch_num + cb_params.cur_epoch_num
        if "step_num" in self._append_dict:
            self._append_dict["step_num"] = self._append_step_num + cb_params.cur_step_num
        network = self._config.saved_network if self._config.saved_network is not None else cb_params.train_network
        save_checkpoint(network, path, self._config.integrated_save, self._config.async_save,
                        self._append_dict or None, self._config.enc_key, self._config.enc_mode,
                        crc_check=self._config.crc_check, format=self._config.format)
        self._latest_ckpt_file_name = path

    def _prune(self, extension: str) -> None:
        """Remove old checkpoints of this prefix beyond ``keep_checkpoint_max`` (or, with
        ``keep_checkpoint_per_n_minutes``, all but one per that many minutes)."""
        files = []
        for name in os.listdir(self._directory):
            middle = name[len(self._prefix):-len(extension)]
            if name.endswith(extension) and name.startswith(self._prefix + "-") and \
                    not any(c.isalpha() for c in middle):
                files.append(os.path.join(self._directory, name))
        keep_max, per_minutes = self._config.keep_checkpoint_max, self._config.keep_checkpoint_per_n_minutes
        if keep_max and 0 < keep_max <= len(files):
            _remove(min(files, key=os.path.getmtime))
        elif per_minutes and per_minutes > 0:
            now = time.time()
            recent = [f for f in files if now - os.path.getmtime(f) < 60 * per_minutes]
            if now - self._last_time_for_keep < per_minutes * 60 and recent:
                oldest = min(recent, key=os.path.getmtime)
                for f in recent:
                    if f != oldest:
                        _remove(f)

    @property
    def latest_ckpt_file_name(self) -> str:
        """The path of the checkpoint saved last."""
        return self._latest_ckpt_file_name

    @property
    def _get_save_checkpoint_steps(self) -> int | None:
        return self._config.save_checkpoint_steps

    @property
    def _get_last_trigger_step(self) -> int:
        return self._last_triggered_step


def _remove(path: str) -> None:
    try:
        os.chmod(path, stat.S_IWRITE)
        os.remove(path)
    except OSError:
        pass
