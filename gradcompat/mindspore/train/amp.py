"""``auto_mixed_precision`` and ``build_train_network`` (``mindspore.amp`` / ``mindspore.train``).

Levels as in MindSpore 2.x: ``O0`` changes nothing; ``O1`` runs the white-list Cells
(Dense, Conv2d) in float16 with float32 outputs; ``O2`` runs the network in float16 except the
black-list Cells (BatchNorm, LayerNorm: float32, outputs cast back to float16) and casts the
network's output to float32; ``O3`` runs everything in float16 with a float32 output. The
casts are ``Cell.to_float`` flags, so gradients reach float32 Parameters in float32.
Known differences: ``'auto'`` (per-primitive lists) and bfloat16 are not supported; ``O1``
casts at Cell level (MindSpore rewrites the network's primitive calls).
"""
from __future__ import annotations

from typing import Any

from .. import context
from .. import dtype as mstype
from .. import nn
from .loss_scale_manager import DynamicLossScaleManager, LossScaleManager

AMP_WHITE_LIST = [nn.Conv2d, nn.Dense]
AMP_BLACK_LIST = [nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm]
_LEVELS = ["O0", "O1", "O2", "O3", "auto"]


class _OutputTo16(nn.Cell):
    """A float32 black-list Cell inside a float16 network: its output cast to float16."""

    def __init__(self, backbone: nn.Cell, dtype: mstype.Type = mstype.float16) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self.dtype = dtype

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        return self._backbone(*args, **kwargs).astype(self.dtype)


class _OutputTo32(nn.Cell):
    """A float16 network whose floating-point outputs are cast to float32."""

    def __init__(self, backbone: nn.Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        return _to_float32(self._backbone(*args, **kwargs))


def _to_float32(out: Any) -> Any:
    if isinstance(out, (tuple, list)):
        return type(out)(_to_float32(o) for o in out)
    return nn.wrap._to_float32(out)


def _keep_black_list_fp32(network: nn.Cell, black_list: list, dtype: mstype.Type | None) -> None:
    """Wrap every black-list Cell below ``network`` as a float32 Cell (``_OutputTo16`` when
    ``dtype`` is given), in place."""
    for name, cell in list(network.name_cells().items()):
        if cell is network:
            continue
        if isinstance(cell, tuple(black_list)):
            cell.to_float(mstype.float32)
            wrapped = _OutputTo16(cell, dtype or mstype.float16)
            network._registry("_cells")[name] = wrapped
            object.__setattr__(network, name, wrapped)
        else:
            _keep_black_list_fp32(cell, black_list, dtype)
    if isinstance(network, nn.SequentialCell):
        _refresh_sequential(network)


def _refresh_sequential(network: nn.SequentialCell) -> None:
    cells = list(network.cells())
    if hasattr(network, "cell_list"):
        object.__setattr__(network, "cell_list", cells)


def _white_list_fp16(network: nn.Cell, white_list: list, dtype: mstype.Type) -> None:
    for name, cell in list(network.name_cells().items()):
        if isinstance(cell, tuple(white_list)):
            cell.to_float(dtype)
            wrapped = _OutputTo32(cell)
            network._registry("_cells")[name] = wrapped
            object.__setattr__(network, name, wrapped)
        else:
            _white_list_fp16(cell, white_list, dtype)
    if isinstance(network, nn.SequentialCell):
        _refresh_sequential(network)


def auto_mixed_precision(network: nn.Cell, amp_level: str = "O0", dtype: mstype.Type = mstype.float16) -> nn.Cell:
    """``amp.auto_mixed_precision(network, amp_level='O0', dtype=mstype.float16)``: the network
    converted for mixed precision at ``amp_level`` (see the module docstring)."""
    if not isinstance(network, nn.Cell):
        if amp_level == "auto":
            raise TypeError("For amp_level 'auto', the network type should be Cell or function.")
        raise TypeError(f"For amp_level '{amp_level}', the network type should be Cell.")
    if dtype not in (mstype.float16,):
        raise ValueError(f"The dtype should be one of (mstype.float16, mstype.bfloat16), but got {dtype}.")
    if amp_level == "O0":
        return network
    if amp_level == "O1":
        if isinstance(network, tuple(AMP_WHITE_LIST)):
            return _OutputTo32(network.to_float(dtype))
        _white_list_fp16(network, AMP_WHITE_LIST, dtype)
        out = network
    elif amp_level == "O2":
        network.to_float(dtype)
        _keep_black_list_fp32(network, AMP_BLACK_LIST, dtype)
        out = _OutputTo32(network)
    elif amp_level == "O3":
        network.to_float(dtype)
        out = _OutputTo32(network)
    elif amp_level == "auto":
        raise NotImplementedError("gradcompat: amp_level 'auto' is not supported; use 'O1', 'O2' or 'O3'")
    else:
        raise ValueError(f"The amp level {amp_level} is not supported")
    object.__setattr__(out, "_amp_level", amp_level)
    return out


def get_white_list() -> list:
    """A copy of the Cells ``O1`` runs in float16."""
    return AMP_WHITE_LIST.copy()


def get_black_list() -> list:
    """A copy of the Cells ``O2`` keeps in float32."""
    return AMP_BLACK_LIST.copy()


_CONFIG = {
    "O0": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
    "O1": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
    "O2": {"keep_batchnorm_fp32": True, "cast_model_type": mstype.float16, "loss_scale_manager": "dynamic"},
    "O3": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float16, "loss_scale_manager": None},
    "auto": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
}


def _check_level(level: Any, boost_level: str) -> None:
    if not isinstance(level, str):
        raise TypeError("The argument `level` must be a string in ['O0', 'O1', 'O2', 'O3', 'auto'],"
                        f"but got type {type(level)}.")
    if level not in _LEVELS:
        raise ValueError(f"The 'level' should be in : {_LEVELS}, but got {level}.")
    if boost_level not in ["O0", "O1", "O2"]:
        raise ValueError(f"The 'boost_level' should be in : ['O0', 'O1', 'O2'], but got {boost_level}.")


def _check_kwargs(kwargs: dict) -> None:
    for key in kwargs:
        if key not in ["cast_model_type", "keep_batchnorm_fp32", "loss_scale_manager"]:
            raise ValueError(f"Unsupported arg '{key}'")
    if "cast_model_type" in kwargs and kwargs["cast_model_type"] not in (mstype.float16, mstype.float32):
        raise TypeError(f"The 'cast_model_type' must be Float16 or Float32, but got {kwargs['cast_model_type']}.")
    if "keep_batchnorm_fp32" in kwargs and not isinstance(kwargs["keep_batchnorm_fp32"], bool):
        raise TypeError("The 'keep_batchnorm_fp32' must be bool, but got "
                        f"{type(kwargs['keep_batchnorm_fp32']).__name__}.")
    manager = kwargs.get("loss_scale_manager")
    if manager and not isinstance(manager, LossScaleManager):
        raise TypeError("The 'loss_scale_manager' must be LossScaleManager, but got "
                        f"{type(manager).__name__}.")


class _AmpWithLossCell(nn.Cell):
    """``WithLossCell`` for a float16 network: the output and label cast to float32 for the loss."""

    def __init__(self, backbone: nn.Cell, loss_fn: nn.Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Any, label: Any) -> Any:
        out = self._backbone(data)
        return self._loss_fn(_to_float32(out), _to_float32(label))


def _cast_network(network: nn.Cell, config: dict, level: str) -> nn.Cell:
    if config["cast_model_type"] == mstype.float16:
        network.to_float(mstype.float16)
        if config["keep_batchnorm_fp32"]:
            _keep_black_list_fp32(network, AMP_BLACK_LIST, None)
        return network
    if not config["keep_batchnorm_fp32"] and level == "O2":
        return network.to_float(mstype.float16)
    if config["cast_model_type"] == mstype.float32 and level in ("O2", "O3"):
        return network
    return auto_mixed_precision(network, level)


def build_train_network(network: nn.Cell, optimizer: Any, loss_fn: Any = None, level: str = "O0",
                        boost_level: str = "O0", **kwargs: Any) -> nn.Cell:
    """``amp.build_train_network(network, optimizer, loss_fn=None, level='O0', **kwargs)``: the
    network cast for ``level``, with its loss, wrapped in ``TrainOneStepCell`` (sens = a fixed
    loss scale) or ``TrainOneStepWithLossScaleCell`` (a manager with an update Cell).

    As in MindSpore on CPU, a loss-scale manager with an update Cell (``O2``'s default
    ``DynamicLossScaleManager``, ``FixedLossScaleManager(drop_overflow_update=True)``) raises
    a ValueError when ``device_target`` is ``'CPU'``; set ``device_target='GPU'`` to use one.
    """
    if not isinstance(optimizer, nn.Optimizer):
        raise TypeError(f"The 'optimizer' must be Optimizer, but got {type(optimizer).__name__}.")
    _check_level(level, boost_level)
    _check_kwargs(kwargs)
    config = dict(_CONFIG[level], **kwargs)
    if config["loss_scale_manager"] == "dynamic":
        config["loss_scale_manager"] = DynamicLossScaleManager()
    network = _cast_network(network, config, level)
    if loss_fn:
        if not isinstance(loss_fn, nn.Cell):
            raise TypeError(f"The 'loss_fn' must be Cell, but got {type(loss_fn).__name__}.")
        if config["cast_model_type"] == mstype.float16 or getattr(network, "_amp_level", None) in ("O2", "O3"):
            network = _AmpWithLossCell(network, loss_fn)
        else:
            network = nn.WithLossCell(network, loss_fn)
    loss_scale = None
    manager = config["loss_scale_manager"]
    if manager is not None:
        loss_scale = manager.get_loss_scale()
        update_cell = manager.get_update_cell()
        if update_cell is not None:
            if context.get_context("device_target") == "CPU":
                raise ValueError("Only `loss_scale_manager=None` or "
                                 "`loss_scale_manager=FixedLossScaleManager(drop_overflow_update=False)`"
                                 "are supported on device `CPU`. ")
            return nn.TrainOneStepWithLossScaleCell(network, optimizer, scale_sense=update_cell).set_train()
    return nn.TrainOneStepCell(network, optimizer, loss_scale).set_train()


__all__ = ["auto_mixed_precision", "build_train_network", "get_black_list", "get_white_list"]
