"""``torch.nn.utils.parametrizations``: ``weight_norm``, ``spectral_norm`` and ``orthogonal``
as parametrizations (``register_parametrization``), with torch's originals
(``parametrizations.weight.original0/original1``; ``original`` plus ``_u``/``_v`` buffers;
``original`` plus a ``base`` buffer).

Known difference: spectral_norm's initial ``_u``/``_v`` and orthogonal's completion of a
non-square base come from gradcompat's seeded stream, not torch's (load them to match)."""
from __future__ import annotations

import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np

from .... import core
from ....layers import normalization as LN
from ....core.eager import compiled_kernel as kernel
from ...tensor import Tensor, wrap
from ..conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from ..module import Module
from . import parametrize

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


def _op(fn, tensors, name: str, **static) -> Tensor:
    return wrap(core.apply(fn, [t.node for t in tensors], static, name=name))


def _weight_norm(v: Tensor, g: Tensor, dim: int) -> Tensor:
    """torch._weight_norm: ``v * g / ||v||`` (norm over all dimensions but ``dim``)."""
    if dim == -1:  # torch computes the one-norm case without its fused kernel
        return _op(LN.weight_norm, [v, g], "MulBackward0", dim=-1)
    return _op(LN.weight_norm, [v, g], "WeightNormInterfaceBackward0", dim=dim % v.dim())


def _norm_except_dim(v: Tensor, dim: int) -> Tensor:
    return _op(LN.norm_except_dim, [v], "NormExceptDimBackward0", dim=dim % v.dim() if dim != -1 else -1)


class _WeightNorm(Module):
    def __init__(self, dim: int | None = 0) -> None:
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g: Tensor, weight_v: Tensor) -> Tensor:
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight: Tensor):
        return _norm_except_dim(weight, self.dim), weight


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """Reparametrize ``module.<name>`` as ``g * v / ||v||``: ``original0`` is ``g`` (the norms over
    all dimensions but ``dim``; ``dim=None``: one norm), ``original1`` is ``v``."""
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


def _unit(x: np.ndarray, eps: float):
    return x / jnp.maximum(jnp.linalg.norm(x), eps)


class _SpectralNorm(Module):
    def __init__(self, weight: Tensor, n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12) -> None:
        super().__init__()
        ndim = weight.dim()
        if dim >= ndim or dim < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            mat = self._matrix(weight)._value
            h, w = mat.shape
            from ..init import generator
            rng = generator()
            dt = mat.dtype
            self.register_buffer("_u", wrap(core.Constant(_unit(jnp.asarray(rng.normal(size=h), dt), eps))))
            self.register_buffer("_v", wrap(core.Constant(_unit(jnp.asarray(rng.normal(size=w), dt), eps))))
            self._power_method(mat, 15)

    def _matrix(self, weight: Tensor) -> Tensor:
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, mat, steps: int) -> None:
        u, v = LN.power_iteration(mat, self._u._value, self._v._value, steps=steps, eps=float(self.eps),
                                  v_first=False)
        self._u.node.value, self._v.node.value = u, v

    def forward(self, weight: Tensor) -> Tensor:
        if weight.dim() == 1:
            from .. import functional as F
            return F.normalize(weight, dim=0, eps=self.eps)
        mat = self._matrix(weight)
        if self.training:
            self._power_method(mat._value, self.n_power_iterations)
        u, v = self._u.detach(), self._v.detach()
        sigma = (u * (mat @ v)).sum()
        return weight / sigma

    def right_inverse(self, value: Tensor) -> Tensor:
        return value


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1, eps: float = 1e-12,
                  dim: int | None = None) -> Module:
    """Reparametrize ``module.<name>`` as ``W / sigma(W)``, ``sigma`` estimated by power iteration
    (one round per training-mode access, 15 at registration; buffers ``_u`` and ``_v``)."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module


# ----- orthogonal ------------------------------------------------------------------------------

_MAPS = ("matrix_exp", "cayley", "householder")


def _householder_product(a, tau):
    """Q = H_1 ... H_k, H_i = I - tau_i v_i v_i^T, v_i the i-th column of ``a`` below a unit diagonal."""
    n, k = a.shape[-2], a.shape[-1]
    q = jnp.broadcast_to(jnp.eye(n, dtype=a.dtype), a.shape[:-2] + (n, n))
    rows = jnp.arange(n)
    for i in reversed(range(k)):
        v = jnp.where(rows > i, a[..., :, i], jnp.where(rows == i, 1.0, 0.0).astype(a.dtype))
        q = q - tau[..., i, None, None] * v[..., :, None] * (v[..., None, :] @ q)
    return q[..., :, :k]


@kernel
def orthogonal_kernel(x, *base, orthogonal_map: str):
    """torch's _Orthogonal.forward: an orthogonal matrix from ``x`` (times ``base`` if given)."""
    n, k = x.shape[-2], x.shape[-1]
    transposed = n < k
    if transposed:
        x = jnp.swapaxes(x, -1, -2)
        n, k = k, n
    if orthogonal_map in ("matrix_exp", "cayley"):
        x = jnp.tril(x)
        if n != k:
            x = jnp.concatenate([x, jnp.zeros(x.shape[:-2] + (n, n - k), x.dtype)], axis=-1)
        a = x - jnp.swapaxes(x, -1, -2)
        if orthogonal_map == "matrix_exp":
            q = jsl.expm(a) if a.ndim == 2 else jnp.vectorize(jsl.expm, signature="(n,n)->(n,n)")(a)
        else:
            eye = jnp.eye(n, dtype=a.dtype)
            q = jnp.linalg.solve(eye - 0.5 * a, eye + 0.5 * a)
        if n != k:
            q = q[..., :k]
    else:
        a = jnp.tril(x, -1)
        tau = 2.0 / (1.0 + jnp.sum(a * a, axis=-2))
        q = _householder_product(a, tau)
        q = q * jnp.diagonal(x, axis1=-2, axis2=-1).astype(jnp.int32).astype(x.dtype)[..., None, :]
    if base:
        q = base[0] @ q
    if transposed:
        q = jnp.swapaxes(q, -1, -2)
    return q


def _make_orthogonal(a):
    """QR with R's diagonal made positive: the Q torch's orthogonal starts from."""
    q, r = jnp.linalg.qr(a)
    return q * jnp.sign(jnp.diagonal(r, axis1=-2, axis2=-1))[..., None, :]


class _Orthogonal(Module):
    def __init__(self, weight: Tensor, orthogonal_map: str, *, use_trivialization: bool = True) -> None:
        super().__init__()
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X: Tensor) -> Tensor:
        base = self._buffers.get("base") if "base" in self._buffers else None
        extra = [base] if base is not None else []
        return _op(orthogonal_kernel, [X, *extra], "MmBackward0" if extra else "Orthogonal",
                   orthogonal_map=self.orthogonal_map)

    def right_inverse(self, Q: Tensor) -> Tensor:
        if tuple(Q.shape) != tuple(self.shape):
            raise ValueError(f"Expected a matrix or batch of matrices of shape {self.shape}. "
                             f"Got a tensor of shape {Q.shape}.")
        q = Q._value
        n, k = q.shape[-2], q.shape[-1]
        transpose = n < k
        if transpose:
            q = jnp.swapaxes(q, -1, -2)
            n, k = k, n
        if "base" not in self._buffers:
            if self.orthogonal_map in ("cayley", "matrix_exp"):
                raise NotImplementedError("It is not possible to assign to the matrix exponential or the Cayley "
                                          "parametrizations when use_trivialization=False.")
            raise NotImplementedError("gradcompat.torch: orthogonal(use_trivialization=False) with householder")
        if n == k:
            eps = 10.0 * n * float(jnp.finfo(q.dtype).eps)
            gram = jnp.swapaxes(q, -1, -2) @ q
            if not bool(jnp.allclose(gram, jnp.eye(k, dtype=q.dtype), atol=eps)):
                q = _make_orthogonal(q)
        else:
            from ..init import generator
            extra = jnp.asarray(generator().normal(size=q.shape[:-2] + (n, n - k)), q.dtype)
            q = _make_orthogonal(jnp.concatenate([q, extra], axis=-1))
        self.base = wrap(core.Constant(q))
        neg_id = jnp.zeros(Q.shape, Q._value.dtype)
        idx = jnp.arange(min(Q.shape[-2], Q.shape[-1]))
        neg_id = neg_id.at[..., idx, idx].set(-1.0)
        return wrap(core.Constant(neg_id))


def orthogonal(module: Module, name: str = "weight", orthogonal_map: str | None = None, *,
               use_trivialization: bool = True) -> Module:
    """Reparametrize ``module.<name>`` as an orthogonal matrix (``matrix_exp`` for square weights,
    ``householder`` otherwise, or ``cayley``); with the trivialization, ``base`` starts as the
    weight orthogonalized by QR and ``original`` as minus the identity."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.dim() < 2:
        raise ValueError(f"Expected a matrix or batch of matrices. Got a tensor of {weight.dim()} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] or weight.dtype.is_complex else "householder"
    if orthogonal_map not in _MAPS:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
                         f"Got: {orthogonal_map}")
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module
