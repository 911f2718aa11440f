"""``save_checkpoint`` / ``load_checkpoint`` / ``load_param_into_net`` in MindSpore's ``.ckpt`` format.

A ``.ckpt`` file is a protobuf ``Checkpoint { repeated Value value = 1; }`` with
``Value { string tag = 1; TensorProto tensor = 2; }`` and
``TensorProto { repeated int64 dims = 1; string tensor_type = 2; bytes tensor_content = 3; }``
(tensor_type is the dtype's name, e.g. ``"Float32"``; content is raw little-endian bytes;
a string entry has type ``"str"`` and UTF-32 content). MindSpore writes one message per
parameter and concatenates them (optionally followed by ``b"crc_num"`` and a 10-byte CRC32),
so a large parameter may arrive as several values with the same tag. The few protobuf wire
rules this needs are in ``gradcompat.formats.protobuf``, so no protobuf package is required.
"""
from __future__ import annotations

import binascii
import os
import stat
from collections.abc import Callable
from typing import Any

import numpy as np

from ..formats.protobuf import field as _field, fields as _fields, packed as _packed, signed as _signed
from ..formats.protobuf import varint as _varint
from . import dtype as mstype
from .parameter import Parameter
from .tensor import Tensor

_CRC_MARK = b"crc_num"
_NUMPY_BY_NAME = {"Int8": np.int8, "UInt8": np.uint8, "Int16": np.int16, "UInt16": np.uint16, "Int32": np.int32,
                  "UInt32": np.uint32, "Int64": np.int64, "UInt64": np.uint64, "Float16": np.float16,
                  "Float32": np.float32, "Float64": np.float64, "Bool": np.bool_}


def _encode_value(tag: str, dims: list[int], tensor_type: str, content: bytes) -> bytes:
    tensor = b"".join(_varint(1 << 3) + _varint(d) for d in dims)  # repeated int64, unpacked (proto2)
    tensor += _field(2, tensor_type.encode()) + _field(3, content)
    return _field(1, _field(1, tag.encode()) + _field(2, tensor))


def _decode(data: bytes) -> list[tuple[str, list[int], str, bytes]]:
    entries = []
    for number, value in _fields(data):
        if number != 1:
            continue
        fields = dict(_fields(value))
        tag, tensor = fields.get(1, b"").decode(), fields.get(2)
        if tensor is None:
            continue  # a map parameter: not supported here, skipped
        dims, tensor_type, content = [], "", b""
        for inner, item in _fields(tensor):
            if inner == 1:
                dims += [_signed(item)] if isinstance(item, int) else _packed(item)
            elif inner == 2:
                tensor_type = item.decode()
            elif inner == 3:
                content = item
        entries.append((tag, dims, tensor_type, content))
    return entries


# -- save_checkpoint --------------------------------------------------------------------------------

def _named_data(save_obj: Any, choice_func: Callable[[str], bool] | None) -> list[tuple[str, Any]]:
    from .nn import Cell
    if isinstance(save_obj, Cell):
        pairs = [(param.name, param) for _, param in save_obj.parameters_and_names()]  # MindSpore keys by name
    elif isinstance(save_obj, dict):
        pairs = list(save_obj.items())
    elif isinstance(save_obj, list):
        pairs = [(item.name, item) if isinstance(item, Parameter) else (item["name"], item["data"])
                 for item in save_obj]
    else:
        raise TypeError("For 'save_checkpoint', the argument 'save_obj' must be list、dict or nn.cell, "
                        f"but got {type(save_obj)}.")
    return [(name, data) for name, data in pairs if choice_func is None or choice_func(name)]


def _check_append_dict(append_dict: Any) -> dict:
    if append_dict is None:
        return {}
    if not isinstance(append_dict, dict):
        raise TypeError(f"For 'save_checkpoint', the argument 'append_dict' must be dict, but got {type(append_dict)}.")
    for key, value in append_dict.items():
        if not isinstance(key, str) or not isinstance(value, (int, float, bool, str, Tensor)):
            raise TypeError("For 'save_checkpoint', the type of dict 'append_info' must be key: string, "
                            f"value: int, float, bool or Generator, but got key: {type(key)}, value: {type(value)}")
    return append_dict


def _record(name: str, data: Any) -> bytes:
    if isinstance(data, str):
        return _encode_value(name, [0], "str", np.array(data).tobytes())
    tensor = data if isinstance(data, Tensor) else Tensor(data)
    array = tensor.asnumpy()  # tobytes() is C order whatever the layout
    return _encode_value(name, list(array.shape), str(tensor.dtype), array.tobytes())


def save_checkpoint(save_obj: Any, ckpt_file_name: str, integrated_save: bool = True, async_save: bool = False,
                    append_dict: dict | None = None, enc_key: bytes | None = None, enc_mode: str = "AES-GCM",
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    format: str = "ckpt", **kwargs: Any) -> None:
    """``mindspore.save_checkpoint``: a Cell's parameters (or a list / dict of them) to a ``.ckpt`` file.

    As in MindSpore, ``.ckpt`` is appended to a name without it, ``append_dict`` entries
    follow the parameters, ``crc_check`` appends a CRC32, and the file is left read-only.
    Known differences: encryption (``enc_key``) and ``format="safetensors"`` raise
    NotImplementedError; ``async_save`` saves synchronously.
    """
    if enc_key is not None or format != "ckpt":
        raise NotImplementedError("gradcompat saves unencrypted .ckpt checkpoints only")
    if not isinstance(ckpt_file_name, str):
        raise TypeError(f"For 'save_checkpoint', the argument 'ckpt_file_name' must be string, "
                        f"but got {type(ckpt_file_name)}.")
    if not ckpt_file_name.endswith(".ckpt"):
        ckpt_file_name += ".ckpt"
    pairs = _named_data(save_obj, choice_func)
    pairs += [(key, value if isinstance(value, (str, Tensor)) else Tensor(value))
              for key, value in _check_append_dict(append_dict).items()]
    content = b"".join(_record(name, data) for name, data in pairs)
    if crc_check:
        content += _CRC_MARK + binascii.crc32(content).to_bytes(10, "big")
    if os.path.exists(ckpt_file_name):
        os.chmod(ckpt_file_name, stat.S_IWUSR)  # MindSpore leaves its checkpoints read-only
        os.remove(ckpt_file_name)
    with open(ckpt_file_name, "wb") as f:
        f.write(content)
    os.chmod(ckpt_file_name, stat.S_IRUSR)


# -- load_checkpoint / load_param_into_net ------------------------------------------------------------

def _prefixes(value: Any) -> tuple[str, ...]:
    return () if value is None else (value,) if isinstance(value, str) else tuple(value)


def load_checkpoint(ckpt_file_name: str, net: Any = None, strict_load: bool = False, filter_prefix: Any = None,
                    dec_key: bytes | None = None, dec_mode: str = "AES-GCM", specify_prefix: Any = None,
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    remove_redundancy: bool = False, format: str = "ckpt") -> dict[str, Any]:
    """``mindspore.load_checkpoint``: ``{name: Parameter}`` from a ``.ckpt`` file (strings stay str).

    With ``net`` the parameters are also loaded into it (``load_param_into_net``).
    ``specify_prefix`` / ``filter_prefix`` / ``choice_func`` select entries as in MindSpore.
    Known difference: encrypted files (``dec_key``) raise NotImplementedError.
    """
    if dec_key is not None or format != "ckpt":
        raise NotImplementedError("gradcompat loads unencrypted .ckpt checkpoints only")
    if not isinstance(ckpt_file_name, str):
        raise TypeError("For 'load_checkpoint', the argument 'ckpt_file_name' must be string, "
                        f"but got {type(ckpt_file_name)}.")
    if not ckpt_file_name.endswith(format):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file format must same with 'format', but got "
                         f"file_name:'{ckpt_file_name}', format:'{format}'")
    if not os.path.exists(ckpt_file_name):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file: {os.path.realpath(ckpt_file_name)} "
                         "does not exist, please check whether the 'ckpt_file_name' is correct.")
    with open(ckpt_file_name, "rb") as f:
        content = f.read()
    if content[-17:-10] == _CRC_MARK:
        content, crc = content[:-17], int.from_bytes(content[-10:], "big")
        if crc_check and binascii.crc32(content) != crc:
            raise ValueError("For 'load_checkpoint', the crc check is failed, "
                             "please check whether the ckpt file is damaged.")
    try:
        entries = _decode(content)
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise ValueError(f"Failed to read the checkpoint file {ckpt_file_name}. "
                         "The file may be corrupted, and the content cannot be parsed.") from error
    keep, drop = _prefixes(specify_prefix), _prefixes(filter_prefix)
    chunks: dict[str, list] = {}
    for tag, dims, tensor_type, data in entries:
        if (keep and not tag.startswith(keep)) or (drop and tag.startswith(drop)):
            continue
        if choice_func is not None and not choice_func(tag):
            continue
        chunks.setdefault(tag, [dims, tensor_type, []])[2].append(data)  # slices of one large parameter
    parameter_dict: dict[str, Any] = {}
    for tag, (dims, tensor_type, pieces) in chunks.items():
        data = b"".join(pieces)
        if tensor_type == "str":
            parameter_dict[tag] = str(np.frombuffer(data, f"U{len(data) // 4}")[0])
            continue
        array = np.frombuffer(data, _NUMPY_BY_NAME[tensor_type]).reshape([] if dims == [0] else dims)
        parameter_dict[tag] = Parameter(Tensor(array.copy()), name=tag)
    if net is not None:
        load_param_into_net(net, parameter_dict, strict_load)
    return parameter_dict


def load_param_into_net(net: Any, parameter_dict: dict, strict_load: bool = False,
                        remove_redundancy: bool = False) -> tuple[list[str], list[str]]:
    """``mindspore.load_param_into_net``: copy ``parameter_dict``'s values into ``net``'s parameters.

    Returns ``(param_not_load, ckpt_not_load)``: the net's parameter names that got no value
    and the dictionary's names that were not used. Float (or int) dtypes convert to the
    net's dtype unless ``strict_load``; a shape mismatch raises MindSpore's RuntimeError.
    Known difference: MindSpore's retry of unmatched names without their prefix is not done.
    """
    from .nn import Cell
    if not isinstance(net, Cell):
        raise TypeError(f"For 'load_param_into_net', the argument 'net' should be a Cell, but got {type(net)}.")
    if not isinstance(parameter_dict, dict):
        raise TypeError("For 'load_param_into_net', the argument 'parameter_dict' should be a dict, "
                        f"but got {type(parameter_dict)}.")
    param_not_load, ckpt_not_load = [], list(parameter_dict)
    for _, param in net.parameters_and_names():
        if param.name not in parameter_dict:
            param_not_load.append(param.name)
            continue
        _update_param(param, parameter_dict[param.name], strict_load)
        ckpt_not_load.remove(param.name)
    return param_not_load, ckpt_not_load


def _update_param(param: Parameter, new: Any, strict_load: bool) -> None:
    new_tensor = new if isinstance(new, Tensor) else Tensor(new)
    if param.shape != new_tensor.shape:
        raise RuntimeError(
            f"For 'load_param_into_net', {param.name} in the argument 'net' should have the same shape "
            f"as {param.name} in the argument 'parameter_dict'. But got its shape {param.shape} in"
            f" the argument 'net' and shape {new_tensor.shape} in the argument 'parameter_dict'."
            f"May you need to check whether the checkpoint you loaded is correct or the batch size and "
            f"so on in the 'net' and 'parameter_dict' are same.")
    if param.dtype != new_tensor.dtype:
        convertible = (mstype.is_float(param.dtype) and mstype.is_float(new_tensor.dtype)) or \
            (_is_int(param.dtype) and _is_int(new_tensor.dtype))
        if strict_load or not convertible:
            raise RuntimeError(
                f"For 'load_param_into_net', {param.name} in the argument 'net' should have the same type as "
                f"{param.name} in the argument 'parameter_dict'. but got its type {param.dtype} in the "
                f"argument 'net' and type {new_tensor.dtype} in the argument 'parameter_dict'."
                f"May you need to check whether the checkpoint you loaded is correct.")
    param.set_data(Tensor(new_tensor.asnumpy(), param.dtype))


def _is_int(dtype: Any) -> bool:
    return dtype in (mstype.int8, mstype.int16, mstype.int32, mstype.int64)


__all__ = ["load_checkpoint", "load_param_into_net", "save_checkpoint"]
