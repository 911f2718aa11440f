"""``nn.Conv1d/2d/3d`` and ``nn.ConvTranspose1d/2d/3d`` with torch's default initialization,
padding modes, reprs and errors."""
from __future__ import annotations

from . import functional as F
from .init import default_linear_init
from .layers import empty_parameter
from .module import Module

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _ntuple(v, n: int) -> tuple:
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


class _ConvNd(Module):
    _n = 0
    _transposed = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None, dtype=None,
                 output_padding=0):
        super().__init__()
        n = self._n
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and any(s != 1 for s in _ntuple(stride, n)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {{'zeros', 'circular', 'reflect', 'replicate'}}, "
                             f"but got padding_mode={padding_mode!r}")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride, n)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.dilation = _ntuple(dilation, n)
        self.transposed = self._transposed
        self.output_padding = _ntuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        if isinstance(self.padding, str):  # 'same': the total d*(k-1), the extra one on the right
            widths = []
            for d, k in zip(self.dilation, self.kernel_size):
                total = d * (k - 1) if self.padding == "same" else 0
                widths.append((total // 2, total - total // 2))
        else:
            widths = [(p, p) for p in self.padding]
        self._reversed_padding_repeated_twice = [w for pair in reversed(widths) for w in pair]
        if self._transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = empty_parameter(*shape, dtype=dtype)
        if bias:
            self.bias = empty_parameter(out_channels, dtype=dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        default_linear_init(self.weight, self.bias)

    def extra_repr(self) -> str:
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        n = self._n
        if self.padding != (0,) * n:
            s += ", padding={padding}"
        if self.dilation != (1,) * n:
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * n:
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)

    def _conv_forward(self, input, weight, bias):
        fn = (F.conv1d, F.conv2d, F.conv3d)[self._n - 1]
        if self.padding_mode != "zeros":
            mode = "constant" if self.padding_mode == "zeros" else self.padding_mode
            return fn(F.pad(input, self._reversed_padding_repeated_twice, mode=mode), weight, bias, self.stride,
                      0, self.dilation, self.groups)
        return fn(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)


class Conv1d(_ConvNd):
    """1-d convolution over (N, C, L); padding modes zeros, reflect, replicate, circular."""

    _n = 1


class Conv2d(_ConvNd):
    """2-d convolution over (N, C, H, W); padding modes zeros, reflect, replicate, circular."""

    _n = 2


class Conv3d(_ConvNd):
    """3-d convolution over (N, C, D, H, W); padding modes zeros, reflect, replicate, circular."""

    _n = 3


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros", device=None,
                 dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        if isinstance(padding, str):  # torch reads a string as a sequence of characters here
            padding = tuple(padding)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, output_padding)

    def _output_padding(self, input, output_size) -> tuple:
        """torch's ``output_size=`` rule: the output padding that reaches the requested size."""
        n = self._n
        if output_size is None:
            return self.output_padding
        output_size = [int(s) for s in output_size]
        has_batch = input.dim() == n + 2
        if len(output_size) == n + 2 or (len(output_size) == n + 1 and not has_batch):
            output_size = output_size[-n:]
        if len(output_size) != n:
            raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must have {n} or "
                             f"{n + (2 if has_batch else 1)} elements (got {len(output_size)})")
        spatial = list(input.shape[-n:])
        mins, maxs = [], []
        for i in range(n):
            m = ((spatial[i] - 1) * self.stride[i] - 2 * self.padding[i]
                 + self.dilation[i] * (self.kernel_size[i] - 1) + 1)
            mins.append(m)
            maxs.append(m + self.stride[i] - 1)
        for i in range(n):
            if not mins[i] <= output_size[i] <= maxs[i]:
                from ..tensor import Size
                raise ValueError(f"requested an output size of {tuple(output_size)}, but valid sizes range from "
                                 f"{mins} to {maxs} (for an input of {Size(spatial)})")
        return tuple(o - m for o, m in zip(output_size, mins))

    def forward(self, input, output_size=None):
        fn = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[self._n - 1]
        output_padding = self._output_padding(input, output_size)
        return fn(input, self.weight, self.bias, self.stride, self.padding, output_padding, self.groups,
                  self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    """Transposed 1-d convolution (weight (C_in, C_out / groups, k)); ``forward(input, output_size)``."""

    _n = 1


class ConvTranspose2d(_ConvTransposeNd):
    """Transposed 2-d convolution (weight (C_in, C_out / groups, kh, kw)); ``forward(input, output_size)``."""

    _n = 2


class ConvTranspose3d(_ConvTransposeNd):
    """Transposed 3-d convolution (weight (C_in, C_out / groups, kd, kh, kw)); ``forward(input, output_size)``."""

    _n = 3
