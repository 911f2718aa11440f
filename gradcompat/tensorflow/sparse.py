"""``tf.sparse``: the SparseTensor ops (see ``sparse_tensor``)."""
from .sparse_tensor import (SparseTensor, add, from_dense, reduce_max, reduce_sum, reorder, retain,  # noqa: F401
                            sparse_dense_matmul, to_dense, transpose)

matmul = sparse_dense_matmul
