"""Legacy ``torch.nn.utils.spectral_norm`` / ``remove_spectral_norm``: parameter ``weight_orig``,
buffers ``weight_u`` and ``weight_v``, the weight recomputed by a forward pre-hook.

Known difference: the initial ``weight_u``/``weight_v`` come from gradcompat's seeded stream."""
from __future__ import annotations

import jax.numpy as jnp

from .... import core
from ....layers import normalization as LN
from ...tensor import wrap
from ..conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from ..module import Module
from ..parameter import Parameter

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


class SpectralNorm:
    """The forward pre-hook: ``n_power_iterations`` rounds in training mode, then ``W / sigma``."""

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12):
        self.name, self.dim, self.eps = name, dim, eps
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.n_power_iterations = n_power_iterations

    def reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.reshape(weight.shape[0], -1)

    def compute_weight(self, module: Module, do_power_iteration: bool):
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            nu, nv = LN.power_iteration(mat._value, u._value, v._value, steps=self.n_power_iterations,
                                        eps=float(self.eps), v_first=True)
            u.node.value, v.node.value = nu, nv
        sigma = (u.detach() * (mat @ v.detach())).sum()
        return weight / sigma

    def remove(self, module: Module) -> None:
        weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Module, inputs) -> None:
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))

    @staticmethod
    def apply(module: Module, name: str, n_power_iterations: int, dim: int, eps: float) -> "SpectralNorm":
        for hook in module._forward_pre_hooks.values():
            fn = hook[0] if isinstance(hook, tuple) else hook
            if isinstance(fn, SpectralNorm) and fn.name == name:
                raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        mat = fn.reshape_weight_to_matrix(weight)._value
        h, w = mat.shape
        from ..init import generator
        rng = generator()

        def unit(x):
            x = jnp.asarray(x, mat.dtype)
            return x / jnp.maximum(jnp.linalg.norm(x), eps)

        u, v = unit(rng.normal(size=h)), unit(rng.normal(size=w))
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        setattr(module, fn.name, weight.detach())
        module.register_buffer(fn.name + "_u", wrap(core.Constant(u)))
        module.register_buffer(fn.name + "_v", wrap(core.Constant(v)))
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1, eps: float = 1e-12,
                  dim: int | None = None) -> Module:
    """``module.<name> = weight_orig / sigma``, sigma by power iteration in a forward pre-hook."""
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    """Undo ``spectral_norm``: ``module.<name>`` is a plain parameter again."""
    for k, hook in list(module._forward_pre_hooks.items()):
        fn = hook[0] if isinstance(hook, tuple) else hook
        if isinstance(fn, SpectralNorm) and fn.name == name:
            fn.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"spectral_norm of '{name}' not found in {module}")
