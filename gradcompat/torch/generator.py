"""``torch.Generator`` and the default CPU generator, on torch's own CPU stream.

The state and every draw come from ``gradcompat.random.torch_stream`` (MT19937 seeded as
torch seeds it), so ``torch.manual_seed(s)`` followed by any sampling function gives torch's
numbers bit for bit. The default generator starts from a fresh nondeterministic seed per
process, as in torch 2.x; a new ``torch.Generator()`` starts from torch's fixed default seed.
"""
from __future__ import annotations

import contextlib
import numbers
import threading

import numpy as np

from ..random import torch_stream as ts
from . import dtypes
from .tensor import Tensor


def _seed_value(seed) -> int:
    """torch's ``unpack_uint64``: an int in [-2^63, 2^64), negatives wrapping to 64 bits."""
    if isinstance(seed, Tensor):
        seed = seed.item()
    if not isinstance(seed, numbers.Integral):
        if isinstance(seed, numbers.Real):
            seed = int(seed)
        else:
            raise TypeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    seed = int(seed)
    if seed >= 1 << 64 or seed < -(1 << 63):
        raise ValueError("Overflow when unpacking long long")
    return seed & 0xFFFFFFFFFFFFFFFF


class Generator:
    """``torch.Generator``: torch's CPU generator (MT19937 state, seed, cached normals).

    ``get_state``/``set_state`` use torch's 5056-byte layout, so states move between torch
    and gradcompat. Only ``device='cpu'`` streams exist (CUDA's Philox stream is not emulated)."""

    def __init__(self, device="cpu") -> None:
        self.device = dtypes.device(device)
        self.impl = ts.TorchCPUGenerator()

    def manual_seed(self, seed) -> "Generator":
        self.impl.manual_seed(_seed_value(seed))
        return self

    def initial_seed(self) -> int:
        return self.impl.initial_seed()

    def seed(self) -> int:
        """Reseed from the OS (torch's nondeterministic seed) and return it."""
        seed = ts.nondeterministic_seed()
        self.impl.manual_seed(seed)
        return seed

    def get_state(self) -> Tensor:
        from .functions import tensor
        return tensor(self.impl.get_state(), dtype=dtypes.uint8)

    def set_state(self, new_state) -> "Generator":
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype is not dtypes.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        data = np.asarray(new_state.numpy() if hasattr(new_state, "numpy") else new_state, np.uint8)
        if data.size != ts.STATE_BYTES:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {ts.STATE_BYTES} but found the "
                               f"input RNG state size to be {data.size}")
        self.impl.set_state(data)
        return self

    def clone_state(self) -> "Generator":
        other = Generator(self.device)
        other.impl = self.impl.clone()
        return other

    def graphsafe_get_state(self) -> "Generator":
        return self.clone_state()

    def graphsafe_set_state(self, state: "Generator") -> "Generator":
        self.impl = state.impl.clone()
        return self

    def get_offset(self) -> int:
        raise RuntimeError("get_offset is not supported for CPU generators")

    def set_offset(self, offset: int) -> "Generator":
        raise RuntimeError("set_offset is not supported for CPU generators")

    def next_key(self):
        """A JAX PRNG key derived from this stream (for code that still samples with jax.random)."""
        import jax
        return jax.random.key(int(self.impl.random64(1)[0]))

    def __repr__(self) -> str:
        return f"<torch._C.Generator object at {hex(id(self))}>"


def _fresh_default() -> Generator:
    gen = Generator()
    gen.impl.manual_seed(ts.nondeterministic_seed())
    return gen


default_generator = _fresh_default()


_refusal = threading.local()  # torch's error for a draw inside vmap(randomness="error"), per thread


@contextlib.contextmanager
def random_refused(message: str):
    """Within: every draw raises RuntimeError(``message``) (torch's vmap refuses random
    operations unless told which randomness to use)."""
    previous = getattr(_refusal, "message", None)
    _refusal.message = message
    try:
        yield
    finally:
        _refusal.message = previous


def impl(generator: Generator | None) -> ts.TorchCPUGenerator:
    """The stream a sampling function draws from: ``generator=`` or the default generator."""
    message = getattr(_refusal, "message", None)
    if message is not None:
        raise RuntimeError(message)
    if generator is None:
        return default_generator.impl
    if not isinstance(generator, Generator):
        raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
    return generator.impl


def manual_seed(seed) -> Generator:
    """``torch.manual_seed``: reseed the default generator (returns it, as torch)."""
    return default_generator.manual_seed(seed)


def initial_seed() -> int:
    """``torch.initial_seed``: the default generator's seed."""
    return default_generator.initial_seed()


def seed() -> int:
    """``torch.seed``: reseed the default generator nondeterministically."""
    return default_generator.seed()


def get_rng_state() -> Tensor:
    """``torch.get_rng_state``: the default generator's state, a uint8 tensor of 5056 bytes."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """``torch.set_rng_state``: restore the default generator from ``get_rng_state()``."""
    default_generator.set_state(new_state)
