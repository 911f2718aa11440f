"""GradOperation on plain functions: one input, several inputs, unused inputs, tuple outputs,
tuple sens, no inputs, and a function reading a Parameter."""
import numpy as np
from mindspore import ops, Tensor, Parameter
from mindspore import dtype as mstype
from harness import emit


def f(a, b):
    return a * a * b


emit("first", ops.GradOperation()(f)(Tensor(2.0), Tensor(3.0)))
emit("all", ops.GradOperation(get_all=True)(f)(Tensor(2.0), Tensor(3.0)))


def square(a):
    return a * a


emit("one_input", ops.GradOperation()(square)(Tensor([1.0, -2.0, 3.0])))
emit("one_input_all", ops.GradOperation(get_all=True)(square)(Tensor([1.0, -2.0, 3.0])))


def only_first(a, b):
    return a * 3.0


emit("unused_input", ops.GradOperation(get_all=True)(only_first)(Tensor(2.0), Tensor([3.0, 4.0])))


def two_outputs(a, b):
    return a * 3.0, b * a


emit("tuple_output", ops.GradOperation(get_all=True)(two_outputs)(Tensor(2.0), Tensor([3.0, 4.0])))
emit("tuple_sens", ops.GradOperation(get_all=True, sens_param=True)(two_outputs)(
    Tensor(2.0), Tensor([3.0, 4.0]), (Tensor(2.0), Tensor([1.0, 5.0]))))

p = Parameter(Tensor(np.array([2.0, 0.5], np.float32)), name='p')


def uses_param(a):
    return a * p + p


emit("param_default_weights", ops.GradOperation(get_by_list=True)(uses_param)(Tensor([1.0, 2.0])))
emit("param_weights", ops.GradOperation(get_all=True, get_by_list=True)(uses_param, [p])(Tensor([1.0, 2.0])))
emit("no_inputs", ops.GradOperation()(lambda: p * 2.0)())
emit("float64", ops.GradOperation()(square)(Tensor(np.array([1.5, 2.5]))))
emit("broadcast", ops.GradOperation(get_all=True)(lambda a, b: a * b)(
    Tensor([[1.0, 2.0], [3.0, 4.0]], mstype.float32), Tensor([10.0, 20.0], mstype.float32)))
