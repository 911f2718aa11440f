"""torch.func in a loop: grad / grad_and_value / vmap called again and again with new values,
closed-over tensors that change, argnums tuples, has_aux, kwargs, Python-number arguments,
pytree in_dims and out_dims, a function that branches on its values, and torch's errors."""
import numpy as np
import torch
import torch.nn as nn
from torch.func import functional_call, grad, grad_and_value, vmap
from harness import emit, expect_error

rng = np.random.default_rng(3)


def t(*shape):
    return torch.tensor(rng.normal(size=shape), dtype=torch.float32)


model = nn.Linear(3, 2)
with torch.no_grad():
    model.weight.copy_(t(2, 3))
    model.bias.copy_(t(2))
params = {k: v.detach() for k, v in model.named_parameters()}
scale = t(2)


def loss(p, x, y, power=2):
    out = functional_call(model, p, (x,)) * scale
    return ((out - y) ** power).mean()


g = grad(loss)
x, y = t(4, 3), t(4, 2)
for step in range(3):  # an SGD loop on torch.func gradients: each call sees the new values
    grads = g(params, x, y)
    params = {k: params[k] - 0.1 * grads[k] for k in params}
    emit(f"sgd_step{step}", params)
    scale.mul_(1.5)  # a closed-over tensor changed in place between calls
scale.fill_(0.5)
emit("kwarg_power", g(params, x, y, power=4))

gv = grad_and_value(lambda a, b, c: (a * b).sum() * c, argnums=(0, 1))
for c in (2.0, 3.0):  # a Python number argument
    emit(f"argnums_tuple_{c}", gv(t(3), t(3), c))
emit("aux", grad(lambda a: ((a ** 2).sum(), {"mean": a.mean()}), has_aux=True)(t(5)))


def branchy(a):
    return (a ** 2).sum() if a.sum() > 0 else (a ** 3).sum()


for v in (torch.ones(3), -torch.ones(3)):
    emit(f"branch_{int(v.sum())}", grad(branchy)(v))

# per-sample gradients, called twice with new batches
per_sample = vmap(grad(loss), in_dims=(None, 0, 0))
for i in range(2):
    xs, ys = t(5, 3), t(5, 2)
    emit(f"per_sample_{i}", per_sample(params, xs.unsqueeze(1), ys.unsqueeze(1)))
emit("in_dims_dict", vmap(lambda d: d["a"] * d["b"], in_dims=({"a": 0, "b": None},))({"a": t(4, 2), "b": t(2)}))
emit("in_dims_negative", vmap(lambda a: a.sum(), in_dims=-1)(t(2, 6)))
emit("out_dims_tuple", vmap(lambda a: (a * 2, a.sum()), out_dims=(1, 0))(t(3, 4)))
emit("scalar_arg", vmap(lambda a, s: a * s, in_dims=(0, None))(t(3, 2), 0.5))
emit("nested", vmap(vmap(lambda a, b: a @ b))(t(2, 3, 4), t(2, 3, 4)))

expect_error("not_scalar", lambda: grad(lambda a: a * 2)(t(3)), "Expected f(*args) to return a scalar Tensor")
expect_error("aux_not_tuple", lambda: grad(lambda a: a.sum(), has_aux=True)(t(3)), "output of function f should be a tuple")
expect_error("size_mismatch", lambda: vmap(lambda a, b: a + b)(t(3, 2), t(4, 2)), "Expected all tensors to have the same size")
expect_error("in_dims_length", lambda: vmap(lambda a, b: a + b, in_dims=(0,))(t(3), t(3)), "in_dims is not compatible")
expect_error("axis_out_of_range", lambda: vmap(lambda a: a, in_dims=2)(t(3, 2)), "Got in_dim=2")
expect_error("in_dims_type", lambda: vmap(lambda a: a, in_dims="x")(t(3)), "expected `in_dims` to be int or a (potentially nested) tuple")
expect_error("batched_number", lambda: vmap(lambda a, s: a * s, in_dims=(0, 0))(t(3), 2.0), "We cannot vmap over non-Tensor arguments")
expect_error("dict_keys", lambda: vmap(lambda d: d["a"], in_dims=({"a": 0, "c": 0},))({"a": t(3), "b": t(3)}), "in_dims is not compatible")
expect_error("no_inputs", lambda: vmap(lambda: 1)(), "got no inputs")
expect_error("out_dims_structure", lambda: vmap(lambda a: a, out_dims=(0, 1))(t(3)), "out_dims is not compatible with the structure of `outputs`")

# Jacobians and Hessians in a loop, pytree arguments, argnums tuples, has_aux
from torch.func import hessian, jacfwd, jacrev

d = {"a": t(2), "b": t(2)}
for i in range(2):
    z = t(3)
    emit(f"jacrev_tuple_out_{i}", jacrev(lambda v: (v.sin() * 2, v.sum()))(z))
    emit(f"jacfwd_aux_{i}", jacfwd(lambda v: (v ** 2, {"s": v.sum()}), has_aux=True)(z))
    emit(f"hessian_{i}", hessian(lambda v: (v ** 3).sum() * v[0])(z))
emit("jacrev_dict_argnums", jacrev(lambda p, v: (p["a"] * v[:2] * p["b"]).sum(), argnums=(0, 1))(d, t(3)))
emit("hessian_dict", hessian(lambda p: (p["a"] ** 3 * p["b"]).sum())(d))
expect_error("argnum_range", lambda: grad(lambda v: v.sum(), argnums=2)(t(3)), "Got argnum=2, but only 1 positional inputs")
expect_error("argnum_float", lambda: jacrev(lambda v: v, argnums=1.0)(t(3)), "argnums must be int or Tuple[int, ...]")
expect_error("argnum_repeat", lambda: grad(lambda v, w: v.sum(), argnums=(0, 0))(t(3), t(3)), "argnums elements must be unique")
expect_error("argnum_empty", lambda: grad(lambda v, w: v.sum(), argnums=())(t(3), t(3)), "argnums must be non-empty")
expect_error("argnum_number", lambda: grad(lambda v, w: v.sum(), argnums=1)(t(3), 2.0), "Thing passed to transform API must be Tensor")
