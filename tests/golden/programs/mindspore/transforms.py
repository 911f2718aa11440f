"""ops.vjp, ops.jvp, ops.jacfwd, ops.jacrev (with has_aux), and ops.stop_gradient inside grad."""
import numpy as np
from mindspore import ops, Tensor
from harness import emit


def f(x, y):
    return x * x * y


def cube(x):
    return x * x * x


def with_aux(x):
    return x * x, x + 1.0


x = Tensor(np.array([1.0, 2.0], np.float32))
y = Tensor(np.array([3.0, 0.5], np.float32))
v = Tensor(np.array([1.0, -2.0], np.float32))

out, vjp_fn = ops.vjp(f, x, y)
emit("vjp_out", out)
emit("vjp_grads", vjp_fn(v))
out, vjp_fn = ops.vjp(cube, x)
emit("vjp_one_input", vjp_fn(v))
out, vjp_fn, aux = ops.vjp(with_aux, x, has_aux=True)
emit("vjp_aux", (out, vjp_fn(v), aux))
emit("jvp", ops.jvp(f, (x, y), (v, v)))
emit("jvp_one_input", ops.jvp(cube, x, v))
emit("jvp_aux", ops.jvp(with_aux, x, v, has_aux=True))
emit("jacfwd_positions", ops.jacfwd(f, grad_position=(0, 1))(x, y))
emit("jacfwd_default", ops.jacfwd(f)(x, y))
emit("jacrev", ops.jacrev(cube)(x))
emit("jacrev_positions", ops.jacrev(f, grad_position=(0, 1))(x, y))
emit("jacrev_aux", ops.jacrev(with_aux, has_aux=True)(x))
emit("stop_gradient_in_grad", ops.grad(lambda a: a * ops.stop_gradient(a))(x))
emit("stop_gradient_tuple", ops.grad(lambda a: ops.stop_gradient((a * 2.0, a))[0] + a * a)(x))
