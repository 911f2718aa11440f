"""Tensor.data (read, write through it, assign), torch.autograd.Variable, the legacy type
constructors (torch.FloatTensor ...), Tensor.type() and Tensor.new_*."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(13)
w = torch.tensor(rng.normal(size=3), dtype=torch.float32, requires_grad=True)
x = torch.tensor(rng.normal(size=3), dtype=torch.float32)

# .data: a tensor outside autograd on the same storage
d = w.data
emit("data_value", d)
emit("data_flags", [d.requires_grad, d.is_leaf, d.grad_fn is None, w.requires_grad])
emit_text("data_type", type(d))

# the classic manual SGD step: w.data -= lr * w.grad, no version bump, no graph
loss = (w * x).sum() ** 2
loss.backward()
emit("grad", w.grad)
version = w._version
w.data -= 0.1 * w.grad
emit("after_step", w)
emit("step_flags", [w.requires_grad, w.is_leaf, w._version == version, w.grad is not None])
emit_text("after_step_repr", w)

# writes through .data are seen by the graph that saved w (torch does not check them)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a * a
a.data.mul_(3)
emit("data_mul_grad", torch.autograd.grad(b.sum(), a))
emit("data_mul_value", a)

# the .data tensor shares the storage both ways
s = torch.zeros(3)
sd = s.data
sd[1] = 5.0
emit("shared_write", s)
s.add_(1)
emit("shared_read", sd)

# x.data = other replaces the value, keeping identity, requires_grad and .grad
w.data = torch.tensor([7.0, 8.0])
emit("assigned", w)
emit("assigned_flags", [w.requires_grad, w.is_leaf, tuple(w.shape)])
emit("assigned_grad_kept", w.grad)
w.data = torch.zeros(2, dtype=torch.float64)
emit("assigned_dtype", w)
expect_error("data_not_tensor", lambda: setattr(w, "data", [1, 2]), "Variable data has to be a tensor")

# a module's parameters updated through .data
lin = torch.nn.Linear(2, 1)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.5, -1.0]]))
    lin.bias.fill_(0.25)
out = lin(torch.tensor([[1.0, 2.0]])).sum()
out.backward()
for p in lin.parameters():
    p.data.add_(p.grad, alpha=-0.5)
emit("linear_updated", [lin.weight, lin.bias])
emit_text("param_data_type", type(lin.weight.data))
emit("non_leaf_data", [(w * 2).data, (torch.ones(2, requires_grad=True) * 3).data.requires_grad])

# torch.autograd.Variable
from torch.autograd import Variable
v = Variable(torch.tensor([1.0, 2.0]), requires_grad=True)
emit_text("variable_type", type(v))
emit("variable", [v, v.requires_grad, v.is_leaf])
emit("variable_grad", torch.autograd.grad((v ** 2).sum(), v))
emit("variable_plain", Variable(torch.tensor([3, 4])).requires_grad)
emit("variable_isinstance", [isinstance(torch.ones(1), Variable), isinstance(v, torch.Tensor)])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    Variable(torch.ones(1), volatile=True)
emit_text("volatile_warning", str(caught[0].message))
expect_error("variable_int_grad", lambda: Variable(torch.tensor([1, 2]), requires_grad=True),
             "floating point")

# legacy type constructors
emit("FloatTensor_sizes", [tuple(torch.FloatTensor(2, 3).shape), torch.FloatTensor(2, 3).dtype == torch.float32])
emit("FloatTensor_data", torch.FloatTensor([1, 2]))
emit("LongTensor_data", torch.LongTensor([1.7, 2]))
emit("IntTensor", torch.IntTensor([1, 2]))
emit("DoubleTensor", torch.DoubleTensor([[1, 2]]))
emit("ByteTensor", torch.ByteTensor([1, 0]))
emit("BoolTensor", torch.BoolTensor([1, 0]))
emit("HalfTensor", torch.HalfTensor([1.5, 0]))
emit("empty_FloatTensor", torch.FloatTensor())
emit("size_FloatTensor", tuple(torch.FloatTensor(torch.Size([2, 2])).shape))
emit("LongTensor_size", [tuple(torch.LongTensor(3).shape), torch.LongTensor(3).dtype == torch.int64])
emit("isinstance_legacy", [isinstance(torch.ones(2), torch.FloatTensor), isinstance(torch.ones(2).double(), torch.FloatTensor),
                           isinstance(torch.ones(2, dtype=torch.int64), torch.LongTensor),
                           isinstance(torch.ones(2).bool(), torch.BoolTensor)])
emit_text("FloatTensor_repr", torch.FloatTensor)
emit_text("FloatTensor_module", torch.FloatTensor.__module__)
expect_error("FloatTensor_scalar", lambda: torch.FloatTensor(2.5), "data must be a sequence")
expect_error("FloatTensor_other_dtype", lambda: torch.FloatTensor(torch.ones(2, dtype=torch.int64)), "expected TensorOptions")

# Tensor.type()
t = torch.tensor([1.5, -2.5])
emit_text("type_float", t.type())
emit_text("type_long", t.long().type())
emit_text("type_bool", t.bool().type())
emit_text("type_double", t.double().type())
emit("type_cast_legacy", t.type(torch.DoubleTensor))
emit("type_cast_name", t.type("torch.LongTensor"))
emit("type_cast_dtype", t.type(torch.int32))
emit("type_same", t.type(torch.float32) is t)
expect_error("type_bad_name", lambda: t.type("torch.Foo"), "invalid type")

# Tensor.new_*
emit("new_tensor", t.new_tensor([1, 2]))
emit("new_tensor_int", torch.tensor([1, 2]).new_tensor([1.5]))
emit("new_tensor_rg", torch.ones(2, requires_grad=True).new_tensor([1.0]).requires_grad)
emit("new_zeros", t.new_zeros(2, 3))
emit("new_zeros_tuple", t.new_zeros((2, 3)))
emit("new_ones_dtype", t.new_ones(2, dtype=torch.int64))
emit("new_full", t.new_full((2,), 7))
emit("new_empty_shape", [tuple(t.new_empty(3).shape), t.new_empty(3).dtype == torch.float32])
emit("new_legacy", t.new([1, 2]))
emit("new_legacy_size", tuple(t.new(2, 3).shape))
emit("new_ones_rg", t.new_ones(2, requires_grad=True).requires_grad)
