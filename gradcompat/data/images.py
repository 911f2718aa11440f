"""Image kernels of input pipelines, in numpy, bit-exact with OpenCV's ``cv::resize`` (which
MindSpore's vision ops and many pipelines call): bilinear (``INTER_LINEAR``) and nearest
(``INTER_NEAREST``) resizing of ``(H, W)`` or ``(H, W, C)`` arrays.

uint8 images follow OpenCV's fixed-point arithmetic (11-bit coefficients, its vectorized
rounding); other dtypes are computed in float32 as OpenCV computes them. One gather per axis:
no python loop over pixels."""
from __future__ import annotations

import numpy as np

_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS


def _source_positions(dst: int, src: int) -> tuple[np.ndarray, np.ndarray]:
    """OpenCV's half-pixel source coordinate of each output position: its floor and fraction,
    both computed in float32 as OpenCV does."""
    s = ((np.arange(dst) + 0.5) * (src / dst) - 0.5).astype(np.float32)
    floor = np.floor(s).astype(np.int64)
    return floor, (s - floor.astype(np.float32)).astype(np.float32)


def _columns(dst: int, src: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column taps: positions left of the first pixel or at/after the last use that pixel alone."""
    x0, fx = _source_positions(dst, src)
    fx = np.where((x0 < 0) | (x0 >= src - 1), np.float32(0), fx).astype(np.float32)
    x0 = np.clip(x0, 0, src - 1)
    return x0, np.minimum(x0 + 1, src - 1), fx


def _rows(dst: int, src: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row taps: the rows are clamped to the image but the fraction is kept (OpenCV's border rows)."""
    y0, fy = _source_positions(dst, src)
    return np.clip(y0, 0, src - 1), np.clip(y0 + 1, 0, src - 1), fy


def resize_bilinear(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv::resize(image, (width, height), INTER_LINEAR)``: same dtype for uint8, float32 otherwise
    (float64 stays float64)."""
    image = np.asarray(image)
    y0, y1, fy = _rows(height, image.shape[0])
    x0, x1, fx = _columns(width, image.shape[1])
    extra = (None,) * (image.ndim - 2)  # broadcast the coefficients over channels
    if image.dtype == np.uint8:
        a0 = np.rint((np.float32(1) - fx) * np.float32(_COEF_SCALE)).astype(np.int64)
        b0 = np.rint((np.float32(1) - fy) * np.float32(_COEF_SCALE)).astype(np.int64)
        a0, a1 = a0[(slice(None),) + extra], (_COEF_SCALE - a0)[(slice(None),) + extra]
        b0, b1 = b0[(slice(None), None) + extra], (_COEF_SCALE - b0)[(slice(None), None) + extra]
        src = image.astype(np.int64)
        top = src[y0][:, x0] * a0 + src[y0][:, x1] * a1
        bottom = src[y1][:, x0] * a0 + src[y1][:, x1] * a1
        out = (((b0 * (top >> 4)) >> 16) + ((b1 * (bottom >> 4)) >> 16) + 2) >> 2
        return np.clip(out, 0, 255).astype(np.uint8)
    dtype = np.float64 if image.dtype == np.float64 else np.float32
    src = image.astype(dtype)
    fx = fx.astype(dtype)[(slice(None),) + extra]
    fy = fy.astype(dtype)[(slice(None), None) + extra]
    top = src[y0][:, x0] * (1 - fx) + src[y0][:, x1] * fx
    bottom = src[y1][:, x0] * (1 - fx) + src[y1][:, x1] * fx
    return (top * (1 - fy) + bottom * fy).astype(dtype)


def resize_nearest(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``cv::resize(image, (width, height), INTER_NEAREST)``: pixel ``floor(i * src / dst)``."""
    image = np.asarray(image)
    h, w = image.shape[:2]
    rows = np.minimum(np.floor(np.arange(height) * (h / height)).astype(np.int64), h - 1)
    cols = np.minimum(np.floor(np.arange(width) * (w / width)).astype(np.int64), w - 1)
    return image[rows][:, cols]
