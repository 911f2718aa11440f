"""``mindspore.ops``: primitives, functional ops, GradOperation, grad and value_and_grad."""
from .grad import GradOperation, grad, value_and_grad
from .primitives import (Add, Div, MatMul, Mul, Primitive, ReduceMean, ReduceSum, Sub, add, div, matmul,
                         mul, reduce_sum, sub, sum)

__all__ = ["Add", "Div", "GradOperation", "MatMul", "Mul", "Primitive", "ReduceMean", "ReduceSum", "Sub",
           "add", "div", "grad", "matmul", "mul", "reduce_sum", "sub", "sum", "value_and_grad"]
