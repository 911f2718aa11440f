"""``tf.image`` basics of tutorials and input pipelines: resizing (bilinear, nearest;
``preserve_aspect_ratio``; ``resize_with_pad``, ``resize_with_crop_or_pad``), flips (also
random, per image), ``random_crop``, ``central_crop``, ``crop_to_bounding_box`` /
``pad_to_bounding_box``, ``convert_image_dtype``, ``per_image_standardization``,
``rgb_to_grayscale`` / ``grayscale_to_rgb``, ``adjust_brightness`` / ``adjust_contrast``.

Images are ``[height, width, channels]`` or ``[batch, height, width, channels]``. Each function
follows TF's own composition (casts, scales, saturation), so dtypes and values are TF's; the
resize kernels use the half-pixel sampling of TF2's ``tf.image.resize`` (bilinear taps shared
with ``gradcompat.layers.resampling``), differentiable. Known differences: ``bicubic``,
``area``, ``lanczos*``, ``gaussian``, ``mitchellcubic`` and antialiased downsampling are not
provided (NotImplementedError); random draws are not TF's stream.
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ..layers import resampling
from . import array_ops, dtypes as _dt, math_ops, random_ops, reduction_ops
from .errors import InvalidArgumentError
from .slicing import slice as _slice
from .tensor import Tensor, convert_to_tensor, make_op


class ResizeMethod:
    """``tf.image.ResizeMethod``."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


def _image(images, name: str = "images") -> tuple[Tensor, bool]:
    """The images as a 4-d batch, and whether a batch was given."""
    x = convert_to_tensor(images)
    rank = x.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"'{name}' must have either 3 or 4 dimensions.")
    return (x, True) if rank == 4 else (array_ops.expand_dims(x, 0), False)


def _unbatch(x: Tensor, batched: bool) -> Tensor:
    return x if batched else array_ops.squeeze(x, [0])


def _bilinear(x, *, size: tuple):
    moved = jnp.moveaxis(x, -1, 1)  # NHWC -> NCHW, the layout of the shared kernel
    out = resampling.interpolate(moved, mode="bilinear", size=size, scales=(None, None), align_corners=False)
    return jnp.moveaxis(out, 1, -1)


def _nearest_indices(size_in: int, size_out: int) -> np.ndarray:
    """TF's half-pixel nearest neighbour: floor((i + 0.5) * in / out) in float32, clamped."""
    scale = np.float32(size_in) / np.float32(size_out)
    src = np.floor((np.arange(size_out, dtype=np.float32) + np.float32(0.5)) * scale).astype(np.int64)
    return np.clip(src, 0, size_in - 1)


def _nearest(x, *, size: tuple):
    rows = jnp.asarray(_nearest_indices(x.shape[1], size[0]))
    cols = jnp.asarray(_nearest_indices(x.shape[2], size[1]))
    return jnp.take(jnp.take(x, rows, axis=1), cols, axis=2)


def _size(size) -> tuple[int, int]:
    values = [int(v) for v in np.reshape(np.asarray(getattr(size, "numpy", lambda: size)()), [-1])]
    if len(values) != 2:
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if min(values) < 0:
        raise ValueError("'size' must be a 1-D int32 Tensor")
    return values[0], values[1]


def resize(images, size, method: str = ResizeMethod.BILINEAR, preserve_aspect_ratio: bool = False,
           antialias: bool = False, name=None) -> Tensor:
    """``tf.image.resize``: float32 results, except ``nearest``, which keeps the dtype."""
    x, batched = _image(images)
    height, width = _size(size)
    in_h, in_w = x.shape.as_list()[1:3]
    if preserve_aspect_ratio:
        scale = min(np.float32(height) / np.float32(in_h), np.float32(width) / np.float32(in_w))
        height = int(np.round(np.float32(scale * np.float32(in_h))))  # TF rounds (half to even)
        width = int(np.round(np.float32(scale * np.float32(in_w))))
    method = getattr(method, "value", method)
    if method in (ResizeMethod.NEAREST_NEIGHBOR, "nearest_neighbor"):
        out = make_op(_nearest, [x], {"size": (height, width)}, op_type="ResizeNearestNeighbor")
    elif method == ResizeMethod.BILINEAR:
        if antialias and (height < in_h or width < in_w):
            raise NotImplementedError("gradcompat: tf.image.resize with antialias=True when downsampling")
        out = make_op(_bilinear, [math_ops.cast(x, _dt.float32)], {"size": (height, width)}, op_type="ResizeBilinear")
    elif method in (ResizeMethod.BICUBIC, ResizeMethod.AREA, ResizeMethod.LANCZOS3, ResizeMethod.LANCZOS5,
                    ResizeMethod.GAUSSIAN, ResizeMethod.MITCHELLCUBIC):
        raise NotImplementedError(f"gradcompat: tf.image.resize method {method!r} is not provided "
                                  f"(bilinear and nearest are)")
    else:
        raise ValueError(f"Resize method is not implemented: [{method}]")
    return _unbatch(out, batched)


def _flip(image, axis_from_end: int) -> Tensor:
    x = convert_to_tensor(image)
    if x.shape.rank not in (3, 4):
        raise ValueError(f"'image' (shape {x.shape}) must have either 3 or 4 dimensions.")
    return array_ops.reverse(x, [x.shape.rank - axis_from_end])


def flip_left_right(image) -> Tensor:
    """``tf.image.flip_left_right``: the width axis reversed."""
    return _flip(image, 2)


def flip_up_down(image) -> Tensor:
    """``tf.image.flip_up_down``: the height axis reversed."""
    return _flip(image, 3)


def _random_flip(image, axis_from_end: int, seed) -> Tensor:
    x = convert_to_tensor(image)
    flipped = _flip(x, axis_from_end)
    count = x.shape.as_list()[0] if x.shape.rank == 4 else None
    draw = random_ops.uniform([] if count is None else [count], 0, 1.0, seed=seed)
    mirror = math_ops.less(draw, 0.5)
    if count is not None:
        mirror = array_ops.reshape(mirror, [count, 1, 1, 1])
    return math_ops.where(mirror, flipped, x) if count is not None else \
        math_ops.where(array_ops.reshape(mirror, [1, 1, 1]), flipped, x)


def random_flip_left_right(image, seed=None) -> Tensor:
    """``tf.image.random_flip_left_right``: each image mirrored with probability 1/2."""
    return _random_flip(image, 2, seed)


def random_flip_up_down(image, seed=None) -> Tensor:
    """``tf.image.random_flip_up_down``: each image flipped vertically with probability 1/2."""
    return _random_flip(image, 3, seed)


def random_crop(value, size, seed=None, name=None) -> Tensor:
    """``tf.image.random_crop``: a slice of ``size`` at a uniform offset; TF's error if too big."""
    x = convert_to_tensor(value)
    shape = x.shape.as_list()
    size = [int(s) for s in np.reshape(np.asarray(getattr(size, "numpy", lambda: size)()), [-1])]
    if len(size) != len(shape) or any(s > d for s, d in zip(size, shape)):
        raise InvalidArgumentError(None, None, "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
                                   "Summarized data: b'Need value.shape >= size, got '\n"
                                   f"{', '.join(map(str, shape))}\n{', '.join(map(str, size))}")
    limit = [d - s + 1 for d, s in zip(shape, size)]
    draws = random_ops.uniform([len(shape)], 0, 1.0, seed=seed).numpy()
    offset = [int(np.floor(u * lim)) for u, lim in zip(draws, limit)]
    return _slice(x, offset, size)


def central_crop(image, central_fraction: float) -> Tensor:
    """``tf.image.central_crop``: the central ``central_fraction`` of each side."""
    if central_fraction <= 0.0 or central_fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    x = convert_to_tensor(image)
    if x.shape.rank not in (3, 4):
        raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {x.shape.rank}.")
    if central_fraction == 1.0:
        return x
    shape = x.shape.as_list()
    h, w = shape[-3], shape[-2]
    top = int((h - h * central_fraction) / 2)
    left = int((w - w * central_fraction) / 2)
    begin = [0] * len(shape)
    size = list(shape)
    begin[-3], begin[-2] = top, left
    size[-3], size[-2] = h - 2 * top, w - 2 * left
    return _slice(x, begin, size)


def crop_to_bounding_box(image, offset_height: int, offset_width: int, target_height: int,
                         target_width: int) -> Tensor:
    """``tf.image.crop_to_bounding_box``, with TF's ValueErrors."""
    x, batched = _image(image, "image")
    _, h, w, c = x.shape.as_list()
    if offset_width < 0:
        raise ValueError("offset_width must be >= 0.")
    if offset_height < 0:
        raise ValueError("offset_height must be >= 0.")
    if target_width <= 0:
        raise ValueError("target_width must be > 0.")
    if target_height <= 0:
        raise ValueError("target_height must be > 0.")
    if w < target_width + offset_width:
        raise ValueError("width must be >= target + offset.")
    if h < target_height + offset_height:
        raise ValueError("height must be >= target + offset.")
    out = _slice(x, [0, offset_height, offset_width, 0], [-1, target_height, target_width, -1])
    return _unbatch(out, batched)


def pad_to_bounding_box(image, offset_height: int, offset_width: int, target_height: int,
                        target_width: int) -> Tensor:
    """``tf.image.pad_to_bounding_box``: zeros around, with TF's ValueErrors."""
    x, batched = _image(image, "image")
    _, h, w, _ = x.shape.as_list()
    after_w, after_h = target_width - offset_width - w, target_height - offset_height - h
    if offset_height < 0:
        raise ValueError("offset_height must be >= 0")
    if offset_width < 0:
        raise ValueError("offset_width must be >= 0")
    if after_w < 0:
        raise ValueError("width must be <= target - offset")
    if after_h < 0:
        raise ValueError("height must be <= target - offset")
    out = array_ops.pad(x, [[0, 0], [offset_height, after_h], [offset_width, after_w], [0, 0]])
    return _unbatch(out, batched)


def resize_with_crop_or_pad(image, target_height: int, target_width: int) -> Tensor:
    """``tf.image.resize_with_crop_or_pad``: centred crop and/or zero padding."""
    x, batched = _image(image, "image")
    _, h, w, _ = x.shape.as_list()
    width_diff, height_diff = target_width - w, target_height - h
    cropped = crop_to_bounding_box(x, max(-height_diff // 2, 0), max(-width_diff // 2, 0),
                                   min(target_height, h), min(target_width, w))
    out = pad_to_bounding_box(cropped, max(height_diff // 2, 0), max(width_diff // 2, 0), target_height, target_width)
    return _unbatch(out, batched)


def resize_with_pad(image, target_height: int, target_width: int, method: str = ResizeMethod.BILINEAR,
                    antialias: bool = False) -> Tensor:
    """``tf.image.resize_with_pad``: resized to fit keeping the aspect ratio (TF's float32
    arithmetic), then padded with zeros to the target."""
    x, batched = _image(image, "image")
    _, h, w, _ = x.shape.as_list()
    f32 = np.float32
    ratio = max(f32(w) / f32(target_width), f32(h) / f32(target_height))
    resized_h_f, resized_w_f = f32(h) / ratio, f32(w) / ratio
    resized = resize(x, [int(np.floor(resized_h_f)), int(np.floor(resized_w_f))], method=method, antialias=antialias)
    pad_h = max(0, int(np.floor((f32(target_height) - resized_h_f) / f32(2))))
    pad_w = max(0, int(np.floor((f32(target_width) - resized_w_f) / f32(2))))
    return _unbatch(pad_to_bounding_box(resized, pad_h, pad_w, target_height, target_width), batched)


def convert_image_dtype(image, dtype, saturate: bool = False, name=None) -> Tensor:
    """``tf.image.convert_image_dtype``: integers scaled to [0, 1] as floats and back
    (``x * (max + 0.5)``, truncated; ``saturate`` clips first), integer widths rescaled."""
    x = convert_to_tensor(image)
    target = _dt.as_dtype(dtype)
    if not (target.is_floating or target.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    source = x.dtype
    if source == target:
        return x
    if source.is_integer and target.is_integer:
        in_max, out_max = np.iinfo(source.np).max, np.iinfo(target.np).max
        if in_max > out_max:
            return math_ops.cast(math_ops.floordiv(x, (in_max + 1) // (out_max + 1)), target)
        return math_ops.multiply(math_ops.cast(x, target), (out_max + 1) // (in_max + 1))
    if source.is_floating and target.is_floating:
        return math_ops.cast(x, target)
    if source.is_integer:
        return math_ops.multiply(math_ops.cast(x, target), 1.0 / np.iinfo(source.np).max)
    scaled = math_ops.multiply(x, np.iinfo(target.np).max + 0.5)
    if saturate:
        info = np.iinfo(target.np)
        scaled = math_ops.clip_by_value(scaled, float(info.min), float(info.max))
    return math_ops.cast(scaled, target)


def per_image_standardization(image) -> Tensor:
    """``tf.image.per_image_standardization``: (x - mean) / max(std, 1/sqrt(pixels)), per image."""
    x = convert_to_tensor(image)
    if not x.dtype.is_floating:
        x = math_ops.cast(x, _dt.float32)
    axes = [-1, -2, -3]
    pixels = int(np.prod(x.shape.as_list()[-3:]))
    mean = reduction_ops.reduce_mean(x, axis=axes, keepdims=True)
    std = reduction_ops.reduce_std(x, axis=axes, keepdims=True)
    adjusted = math_ops.maximum(std, math_ops.cast(1.0 / np.sqrt(pixels), x.dtype))
    return math_ops.divide(math_ops.subtract(x, mean), adjusted)


def rgb_to_grayscale(images, name=None) -> Tensor:
    """``tf.image.rgb_to_grayscale``: TF's luma weights, in float32, back to the input dtype."""
    x = convert_to_tensor(images)
    flt = convert_image_dtype(x, _dt.float32)
    weights = convert_to_tensor(np.array([0.2989, 0.5870, 0.1140], np.float32))
    gray = reduction_ops.reduce_sum(math_ops.multiply(flt, weights), axis=-1, keepdims=True)
    return convert_image_dtype(gray, x.dtype)


def grayscale_to_rgb(images, name=None) -> Tensor:
    """``tf.image.grayscale_to_rgb``: the one channel repeated three times."""
    x = convert_to_tensor(images)
    return array_ops.concat([x, x, x], axis=-1)


def _adjust(image, fn) -> Tensor:
    x = convert_to_tensor(image)
    if x.dtype.is_floating:
        return fn(x)
    return convert_image_dtype(fn(convert_image_dtype(x, _dt.float32)), x.dtype, saturate=True)


def adjust_brightness(image, delta) -> Tensor:
    """``tf.image.adjust_brightness``: ``delta`` added (integer images through float, saturated)."""
    return _adjust(image, lambda x: math_ops.add(x, math_ops.cast(delta, x.dtype)))


def adjust_contrast(images, contrast_factor) -> Tensor:
    """``tf.image.adjust_contrast``: (x - mean) * factor + mean, the mean per image and channel."""
    def contrast(x):
        mean = reduction_ops.reduce_mean(x, axis=[-3, -2], keepdims=True)
        factor = math_ops.cast(contrast_factor, x.dtype)
        return math_ops.add(math_ops.multiply(math_ops.subtract(x, mean), factor), mean)
    return _adjust(images, contrast)
