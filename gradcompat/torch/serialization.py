"""``torch.save`` / ``torch.load`` in PyTorch's own zip format, without PyTorch installed.

A checkpoint is a zip archive ``<name>/``: ``data.pkl`` (protocol-2 pickle in which every
tensor is ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
hooks)`` and every storage a persistent id ``('storage', torch.FloatStorage, key, 'cpu',
numel)``), the raw little-endian storages as ``data/<key>`` (64-byte aligned), and
``version``, ``byteorder``, ``.format_version``, ``.storage_alignment``. Files written here
load in PyTorch (with ``weights_only=True``), and PyTorch's files load here.

``load`` is always a *weights-only* load: like PyTorch's default since 2.6 it unpickles only
containers, numbers, strings, tensors, parameters, dtypes, ``torch.Size`` and
``torch.device``, and refuses any other global with PyTorch's UnpicklingError.
``weights_only=False`` is refused (it would run arbitrary code from the file).
"""
from __future__ import annotations

import collections
import contextlib
import io
import os
import pickle
import zipfile
from typing import Any, BinaryIO

import numpy as np

from . import dtypes
from .tensor import Size, Tensor

_STORAGE_DTYPES = {f"{short}Storage": dtypes._BY_NAME[name] for name, short in dtypes.SCALAR_TYPE_NAMES.items()}
_ALIGNMENT = 64


class _Global:
    """A named global of PyTorch's (``torch._utils._rebuild_tensor_v2``) to pickle by name."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __call__(self, *args):  # pickle requires reduce functions to be callable
        raise TypeError(f"{self.module}.{self.name} is a pickled reference, not a function")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_STORAGE_TYPES = {name: _Global("torch", name) for name in _STORAGE_DTYPES}


class _Pickler(pickle._Pickler):  # the Python pickler: its dispatch table can write foreign globals
    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file: BinaryIO):
        super().__init__(file, protocol=2)
        self.storages: list[np.ndarray] = []

    def _save_global_reference(self, obj: _Global) -> None:
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("utf-8"))
        self.memoize(obj)

    dispatch[_Global] = _save_global_reference

    def persistent_id(self, obj: Any):
        if isinstance(obj, _Storage):
            storage_type = _STORAGE_TYPES[dtypes.SCALAR_TYPE_NAMES[obj.dtype.name] + "Storage"]
            return ("storage", storage_type, obj.key, "cpu", obj.array.size)
        return None

    def reducer_override(self, obj: Any):
        from .nn.parameter import Parameter
        if isinstance(obj, Parameter):
            return (_REBUILD_PARAMETER, (_plain(obj), obj.requires_grad, collections.OrderedDict()))
        if isinstance(obj, Tensor):
            array = np.array(obj._value, order="C")  # (ascontiguousarray would make 0-d arrays 1-d)
            storage = _Storage(str(len(self.storages)), obj.dtype, array.reshape(-1))
            self.storages.append(storage.array)
            strides = tuple(s // array.itemsize for s in array.strides) if array.size else (1,) * array.ndim
            return (_REBUILD_TENSOR, (storage, 0, tuple(array.shape), strides, obj.requires_grad,
                                      collections.OrderedDict()))
        if isinstance(obj, Size):
            return (_Global("torch", "Size"), (tuple(obj),))
        return NotImplemented

    def _save_dtype(self, obj: dtypes.dtype) -> None:
        self._save_global_reference(_Global("torch", obj.name))

    dispatch[dtypes.dtype] = _save_dtype


class _Storage:
    def __init__(self, key: str, dtype: dtypes.dtype, array: np.ndarray):
        self.key, self.dtype, self.array = key, dtype, array


def _plain(parameter: Tensor) -> Tensor:
    from .functions import tensor
    return tensor(np.asarray(parameter._value))


def save(obj: Any, f: str | os.PathLike | BinaryIO, pickle_module: Any = None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True) -> None:
    """``torch.save(obj, f)``: PyTorch's zip checkpoint of tensors, state_dicts and containers.

    Known difference: views are saved as their own contiguous storages (PyTorch keeps
    the shared storage of a view and its base).
    """
    buffer = io.BytesIO()
    pickler = _Pickler(buffer)
    pickler.dump(obj)
    name = os.path.splitext(os.path.basename(os.fspath(f)))[0] if isinstance(f, (str, os.PathLike)) else "archive"
    records = [("data.pkl", buffer.getvalue()), (".format_version", b"1"),
               (".storage_alignment", str(_ALIGNMENT).encode()), ("byteorder", b"little")]
    records += [(f"data/{key}", array.tobytes()) for key, array in enumerate(pickler.storages)]
    records += [("version", b"3\n"), (".data/serialization_id", b"0" * 40)]
    with _opened(f, "wb") as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        for record, data in records:
            _write_aligned(archive, stream, f"{name}/{record}", data)


def _write_aligned(archive: zipfile.ZipFile, stream: BinaryIO, name: str, data: bytes) -> None:
    """Write one stored record whose data starts on a 64-byte boundary, as PyTorch's writer does."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    start = stream.tell() + 30 + len(name.encode()) + 4  # local header, name, padding field header
    padding = -start % _ALIGNMENT
    info.extra = b"FB" + padding.to_bytes(2, "little") + b"Z" * padding
    archive.writestr(info, data)


@contextlib.contextmanager
def _opened(f, mode: str):
    """A path opened for the duration of a ``with``; a file object passed through as is."""
    if isinstance(f, (str, os.PathLike)):
        with open(f, mode) as stream:
            yield stream
    else:
        yield f


class _WeightsUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, archive: zipfile.ZipFile, prefix: str):
        super().__init__(io.BytesIO(data))
        self.archive, self.prefix, self.storages = archive, prefix, {}

    def find_class(self, module: str, name: str):
        allowed = _safe_globals()
        if (module, name) in allowed:
            return allowed[(module, name)]
        raise pickle.UnpicklingError(_weights_only_message(f"{module}.{name}"))

    def persistent_load(self, pid):
        kind, storage_type, key, _location, numel = pid
        if kind != "storage":
            raise pickle.UnpicklingError(f"Unknown persistent id type {kind!r}")
        if key not in self.storages:
            raw = self.archive.read(f"{self.prefix}data/{key}")
            self.storages[key] = np.frombuffer(raw, dtype=storage_type.np, count=numel)  # little-endian hosts
        return self.storages[key]


def _rebuild_tensor_v2(storage: np.ndarray, offset: int, size, stride, requires_grad: bool = False,
                       backward_hooks=None, metadata=None) -> Tensor:
    from .functions import tensor
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * storage.itemsize for s in stride))
    return tensor(np.array(view), requires_grad=requires_grad)


def _rebuild_parameter(data: Tensor, requires_grad: bool, backward_hooks=None) -> Tensor:
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)


def _safe_globals() -> dict[tuple[str, str], Any]:
    allowed: dict[tuple[str, str], Any] = {
        ("collections", "OrderedDict"): collections.OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        ("torch", "Size"): Size,
        ("torch", "device"): dtypes.device,
    }
    allowed.update({("torch", name): dtype for name, dtype in _STORAGE_DTYPES.items()})
    allowed.update({("torch", d.name): d for d in dtypes._ALL})
    return allowed


def _weights_only_message(global_name: str) -> str:
    return ("Weights only load failed. This file can still be loaded, to do so you have two options, "
            "do those steps only if you trust the source of the checkpoint. \n"
            "\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in "
            "`torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to "
            "`False` will likely succeed, but it can result in arbitrary code execution. Do it only if "
            "you got the file from a trusted source.\n"
            "\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in "
            "the following error message.\n"
            f"\tWeightsUnpickler error: Unsupported global: GLOBAL {global_name} was not an allowed "
            "global by default.")


def load(f: str | os.PathLike | BinaryIO, map_location: Any = None, pickle_module: Any = None,
         *, weights_only: bool | None = None, mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    """``torch.load(f)`` of a PyTorch zip checkpoint, as a weights-only load.

    ``map_location`` is accepted (everything lives on the CPU). ``weights_only=False`` is
    refused: gradcompat does not execute code from checkpoint files.
    """
    if weights_only is False:
        raise NotImplementedError("gradcompat loads checkpoints with weights_only=True only "
                                  "(weights_only=False would run code from the file)")
    with _opened(f, "rb") as stream:
        data = stream.read()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RuntimeError("gradcompat reads PyTorch's zip checkpoint format (torch >= 1.6) only")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pickle_name = next(name for name in archive.namelist() if name.endswith("data.pkl"))
        prefix = pickle_name[: -len("data.pkl")]
        return _WeightsUnpickler(archive.read(pickle_name), archive, prefix).load()


__all__ = ["load", "save"]
