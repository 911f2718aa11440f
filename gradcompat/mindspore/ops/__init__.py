"""``mindspore.ops``: primitives, functional ops and GradOperation."""
from .grad import GradOperation
from .primitives import (Add, Div, MatMul, Mul, Primitive, ReduceMean, ReduceSum, Sub, add, div, matmul,
                         mul, reduce_sum, sub, sum)

__all__ = ["Add", "Div", "GradOperation", "MatMul", "Mul", "Primitive", "ReduceMean", "ReduceSum", "Sub",
           "add", "div", "matmul", "mul", "reduce_sum", "sub", "sum"]
