"""``torch.backends``: the flags programs set (``cudnn.benchmark``, ``cudnn.deterministic``,
``cuda.matmul.allow_tf32`` ...) and the availability questions they ask.

XLA chooses its own kernels, so the flags are recorded and read back, and change nothing
(``cuda.matmul.allow_tf32`` follows ``torch.set_float32_matmul_precision``, which sets JAX's
matmul precision); ``cudnn.is_available()`` / ``cuda.is_built()`` say whether JAX has a GPU,
``mps`` is never available (JAX has no Metal backend here), ``mkldnn`` and ``openmp`` answer
as CPU torch does.
"""
from . import cuda, cudnn, mkldnn, mps, openmp

__all__ = ["cuda", "cudnn", "mkldnn", "mps", "openmp"]
