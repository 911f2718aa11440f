"""``mindspore.dataset.vision``: image transforms on numpy ``(H, W, C)`` arrays (``HWC2CHW``,
``Rescale``, ``Normalize``, ``Resize``, ``ToTensor``, ``ToType``, flips), with MindSpore's
results (resizing bit-exact with the OpenCV kernels MindSpore calls, from
``gradcompat.data.images``) and errors. PIL images are read as arrays."""
from __future__ import annotations

from enum import Enum
from numbers import Number
from typing import Any, Sequence

import numpy as np

from ....data import images
from .. import config
from ..transforms.operation import OpError, PyTensorOperation, TensorOperation
from ..transforms.transforms import numpy_dtype

__all__ = ["Border", "CenterCrop", "HWC2CHW", "HorizontalFlip", "Inter", "Normalize", "Pad", "RandomCrop",
           "RandomHorizontalFlip", "RandomVerticalFlip", "Rescale", "Resize", "ToTensor", "ToType", "VerticalFlip"]


class Inter(str, Enum):
    """Interpolation modes (gradcompat implements LINEAR/BILINEAR and NEAREST)."""
    NEAREST = "nearest"
    ANTIALIAS = "antialias"
    BILINEAR = LINEAR = "linear"
    CUBIC = BICUBIC = "cubic"
    AREA = "area"
    PILCUBIC = "pilcubic"


def _number(value: Any, name: str) -> float:
    if not isinstance(value, Number) or isinstance(value, bool):
        raise TypeError(f"Argument {name} with value {value} is not of type [<class 'numbers.Number'>], "
                        f"but got {type(value)}.")
    return float(value)


class HWC2CHW(TensorOperation):
    """``HWC2CHW()``: ``(H, W, C)`` to ``(C, H, W)``; a 2-D image is returned as it is."""

    def _apply(self, image: np.ndarray) -> np.ndarray:
        if image.ndim == 2:
            return image
        if image.ndim != 3:
            raise OpError(f"HWC2CHW: image shape should be <H,W> or <H,W,C>, but got rank: {image.ndim}")
        return np.ascontiguousarray(image.transpose(2, 0, 1))


class Rescale(TensorOperation):
    """``Rescale(rescale, shift)``: ``image * rescale + shift`` as float32."""

    def __init__(self, rescale: float, shift: float):
        self.rescale, self.shift = _number(rescale, "rescale"), _number(shift, "shift")

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return (image.astype(np.float32) * np.float32(self.rescale) + np.float32(self.shift)).astype(np.float32)


class Normalize(TensorOperation):
    """``Normalize(mean, std, is_hwc=True)``: ``(image - mean) / std`` per channel, float32."""

    def __init__(self, mean: Sequence[float], std: Sequence[float], is_hwc: bool = True):
        for name, values in (("mean", mean), ("std", std)):
            if not isinstance(values, (list, tuple)):
                raise TypeError(f"Argument {name} with value {values} is not of type [<class 'list'>, "
                                f"<class 'tuple'>], but got {type(values)}.")
        if len(mean) != len(std):
            raise ValueError("Length of mean and std must be equal.")
        for i, m in enumerate(mean):
            if not 0 <= _number(m, f"mean[{i}]") <= 255:
                raise ValueError(f"Input mean[{i}] is not within the required interval of [0, 255].")
        for i, s in enumerate(std):
            if not 0 < _number(s, f"std[{i}]") <= 255:
                raise ValueError(f"Input std[{i}] is not within the required interval of (0, 255].")
        self.mean, self.std, self.is_hwc = list(mean), list(std), bool(is_hwc)

    def _apply(self, image: np.ndarray) -> np.ndarray:
        if image.ndim not in (2, 3):
            raise OpError(f"Normalize: input tensor should be of shape <H,W,C> or <H,W>, got rank: {image.ndim}")
        channels = 1 if image.ndim == 2 else image.shape[-1 if self.is_hwc else 0]
        if channels != len(self.mean) and len(self.mean) != 1:
            raise OpError(f"Normalize: number of channels does not match the size of mean and std vectors, got "
                          f"channels: {channels}, size of mean: {len(self.mean)}")
        shape = (-1,) if image.ndim == 2 or self.is_hwc else (-1, 1, 1)
        mean = np.asarray(self.mean, np.float32).reshape(shape)
        std = np.asarray(self.std, np.float32).reshape(shape)
        return ((image.astype(np.float32) - mean) / std).astype(np.float32)


class Resize(TensorOperation):
    """``Resize(size, interpolation=Inter.LINEAR)``: to ``(h, w)``, or the shorter side to
    ``size`` keeping the aspect ratio."""

    def __init__(self, size, interpolation: Inter = Inter.LINEAR):
        if isinstance(size, int) and not isinstance(size, bool):
            if size <= 0:
                raise ValueError("Input is not within the required interval of [1, 16777216].")
        elif isinstance(size, (list, tuple)) and len(size) == 2 and all(isinstance(s, int) for s in size):
            if min(size) <= 0:
                raise ValueError("Input size at dim 0 is not within the required interval of [1, 2147483647].")
        else:
            raise TypeError("Size should be a single integer or a list/tuple (h, w) of length 2.")
        if not isinstance(interpolation, Inter):
            raise TypeError(f"Argument interpolation with value {interpolation} is not of type [<enum 'Inter'>], "
                            f"but got {type(interpolation)}.")
        if interpolation not in (Inter.LINEAR, Inter.NEAREST):
            raise NotImplementedError(f"gradcompat: Resize with {interpolation} is not supported yet "
                                      "(Inter.LINEAR and Inter.NEAREST are)")
        self.size, self.interpolation = size, interpolation

    def _target(self, h: int, w: int) -> tuple[int, int]:
        if not isinstance(self.size, int):
            return tuple(self.size)
        if h <= w:
            return self.size, int(w * self.size / h)
        return int(h * self.size / w), self.size

    def _apply(self, image: np.ndarray) -> np.ndarray:
        if image.ndim not in (2, 3):
            raise OpError(f"Resize: input tensor is not in shape of <H,W> or <H,W,C>, but got rank: {image.ndim}")
        height, width = self._target(*image.shape[:2])
        if self.interpolation is Inter.NEAREST:
            return images.resize_nearest(image, height, width)
        return images.resize_bilinear(image, height, width)


class ToTensor(PyTensorOperation):
    """``ToTensor(output_type=np.float32)``: an ``(H, W, C)`` image as ``(C, H, W)`` divided by 255."""

    def __init__(self, output_type: Any = np.float32):
        self.output_type = output_type
        self._dtype = numpy_dtype(output_type, "output_type")

    def _apply(self, image: np.ndarray) -> np.ndarray:
        if image.ndim == 2:
            image = image[:, :, None]
        if image.ndim != 3:
            raise OpError(f"ToTensor: input image should be in shape of <H,W> or <H,W,C>, but got rank: {image.ndim}")
        return (image.astype(np.float32) * np.float32(1 / 255)).transpose(2, 0, 1).astype(self._dtype)


class ToType(TensorOperation):
    """``ToType(data_type)``: the image cast (vision's TypeCast)."""

    def __init__(self, data_type: Any):
        self.data_type = data_type
        self._dtype = numpy_dtype(data_type)

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return image.astype(self._dtype)


class HorizontalFlip(TensorOperation):
    """``HorizontalFlip()``: the image mirrored left to right."""

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(image[:, ::-1])


class VerticalFlip(TensorOperation):
    """``VerticalFlip()``: the image mirrored top to bottom."""

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(image[::-1])


class RandomHorizontalFlip(TensorOperation):
    """``RandomHorizontalFlip(prob=0.5)`` (``config.set_seed`` seeds the coin)."""

    def __init__(self, prob: float = 0.5):
        self.prob = _number(prob, "prob")

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(image[:, ::-1]) if config.transform_rng().random() < self.prob else image


class RandomVerticalFlip(TensorOperation):
    """``RandomVerticalFlip(prob=0.5)`` (``config.set_seed`` seeds the coin)."""

    def __init__(self, prob: float = 0.5):
        self.prob = _number(prob, "prob")

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(image[::-1]) if config.transform_rng().random() < self.prob else image


class Border(str, Enum):
    """Padding modes (gradcompat implements CONSTANT, EDGE, REFLECT and SYMMETRIC)."""
    CONSTANT = "constant"
    EDGE = "edge"
    REFLECT = "reflect"
    SYMMETRIC = "symmetric"


def _size_pair(size, name: str = "size") -> tuple[int, int]:
    if isinstance(size, int) and not isinstance(size, bool):
        size = (size, size)
    if not (isinstance(size, (list, tuple)) and len(size) == 2 and all(isinstance(v, int) for v in size)):
        raise TypeError(f"{name} should be a single integer or a list/tuple (h, w) of length 2.")
    if min(size) <= 0:
        raise ValueError(f"Input {name} at dim 0 is not within the required interval of [1, 16777216].")
    return int(size[0]), int(size[1])


def _padding(padding) -> tuple[int, int, int, int]:
    """MindSpore's padding argument as (left, top, right, bottom)."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        return (padding,) * 4
    if isinstance(padding, (list, tuple)) and len(padding) == 2:
        return padding[0], padding[1], padding[0], padding[1]
    if isinstance(padding, (list, tuple)) and len(padding) == 4:
        return tuple(padding)
    raise TypeError("padding should be a single integer or a list/tuple of 2 or 4 integers.")


def _pad(image: np.ndarray, left: int, top: int, right: int, bottom: int, fill, mode: Border) -> np.ndarray:
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (image.ndim - 2)
    if mode is Border.CONSTANT:
        fill = fill if isinstance(fill, (list, tuple)) and image.ndim == 3 else fill
        if isinstance(fill, (list, tuple)):
            out = np.stack([np.pad(image[..., c], widths[:2], constant_values=fill[c])
                            for c in range(image.shape[-1])], axis=-1)
            return out.astype(image.dtype)
        return np.pad(image, widths, constant_values=fill)
    return np.pad(image, widths, mode=mode.value)


class Pad(TensorOperation):
    """``Pad(padding, fill_value=0, padding_mode=Border.CONSTANT)``; ``padding`` is one int, a
    (left/right, top/bottom) pair or (left, top, right, bottom)."""

    def __init__(self, padding, fill_value=0, padding_mode: Border = Border.CONSTANT):
        self.padding, self.fill_value, self.padding_mode = _padding(padding), fill_value, Border(padding_mode)

    def _apply(self, image: np.ndarray) -> np.ndarray:
        return _pad(image, *self.padding, self.fill_value, self.padding_mode)


class CenterCrop(TensorOperation):
    """``CenterCrop(size)``: the centre ``(h, w)`` (offsets rounded down); a crop larger than the
    image pads it with zeros first, as MindSpore does."""

    def __init__(self, size):
        self.size = _size_pair(size)

    def _apply(self, image: np.ndarray) -> np.ndarray:
        h, w = self.size
        H, W = image.shape[:2]
        if h > H or w > W:
            dh, dw = max(h - H, 0), max(w - W, 0)
            image = _pad(image, dw // 2, dh // 2, dw - dw // 2, dh - dh // 2, 0, Border.CONSTANT)
            H, W = image.shape[:2]
        top, left = (H - h) // 2, (W - w) // 2
        return np.ascontiguousarray(image[top:top + h, left:left + w])


class RandomCrop(TensorOperation):
    """``RandomCrop(size, padding=None, pad_if_needed=False, fill_value=0,
    padding_mode=Border.CONSTANT)``: pad, then a crop at a uniformly drawn position
    (``config.set_seed`` seeds it)."""

    def __init__(self, size, padding=None, pad_if_needed: bool = False, fill_value=0,
                 padding_mode: Border = Border.CONSTANT):
        self.size = _size_pair(size)
        self.padding = None if padding is None else _padding(padding)
        self.pad_if_needed, self.fill_value, self.padding_mode = pad_if_needed, fill_value, Border(padding_mode)

    def _apply(self, image: np.ndarray) -> np.ndarray:
        if self.padding is not None:
            image = _pad(image, *self.padding, self.fill_value, self.padding_mode)
        h, w = self.size
        H, W = image.shape[:2]
        if self.pad_if_needed and (h > H or w > W):
            dh, dw = max(h - H, 0), max(w - W, 0)
            image = _pad(image, dw // 2, dh // 2, dw - dw // 2, dh - dh // 2, self.fill_value, self.padding_mode)
            H, W = image.shape[:2]
        if h > H or w > W:
            raise OpError(f"RandomCrop: invalid crop size, crop size is bigger than the image dimensions, got crop "
                          f"height: {h}, crop width: {w}", lead="Shape is incorrect.")
        rng = config.transform_rng()
        top, left = int(rng.integers(H - h + 1)), int(rng.integers(W - w + 1))
        return np.ascontiguousarray(image[top:top + h, left:left + w])
