"""``tf.linalg``: products and matrix ops (see ``linalg_ops``)."""
from .array_ops import eye  # noqa: F401
from .linalg_ops import (band_part, diag_part, einsum, matmul, matrix_transpose, norm, solve, tensor_diag, tensordot,  # noqa: F401
                          trace)
from .basic_ops import global_norm  # noqa: F401
