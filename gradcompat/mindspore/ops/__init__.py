"""``mindspore.ops``: primitives, functional ops, and the gradient transforms."""
from .grad import GradOperation, grad, value_and_grad
from .transforms import jacfwd, jacrev, jvp, vjp
from .primitives import (Add, Div, MatMul, Mul, Primitive, ReduceMean, ReduceSum, Sub, add, div, matmul,
                         mul, reduce_sum, stop_gradient, sub, sum)

__all__ = ["Add", "Div", "GradOperation", "MatMul", "Mul", "Primitive", "ReduceMean", "ReduceSum", "Sub",
           "add", "div", "grad", "jacfwd", "jacrev", "jvp", "matmul", "mul", "reduce_sum", "stop_gradient",
           "sub", "sum", "value_and_grad", "vjp"]
