"""torch.func: grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap."""
import torch
from torch.func import grad, grad_and_value, hessian, jacfwd, jacrev, jvp, vjp, vmap
from harness import emit

x = torch.tensor([1., 2., 3.])
y = torch.tensor([0.5, -1., 2.])


def loss(a, b):
    return ((a * b).sin() * a).sum()


emit("grad", grad(loss)(x, y))
emit("grad_argnums", grad(loss, argnums=1)(x, y))
emit("grad_argnums_tuple", grad(loss, argnums=(0, 1))(x, y))
emit("grad_has_aux", grad(lambda a: ((a * a).sum(), a * 3), has_aux=True)(x))
emit("grad_and_value", grad_and_value(loss)(x, y))
emit("grad_and_value_aux", grad_and_value(lambda a: ((a * a).sum(), a.sum()), has_aux=True)(x))
emit("grad_of_grad", grad(grad(lambda s: s ** 3))(torch.tensor(2.)))
emit("dict_params", grad(lambda p: (p["w"] * x).sum() + p["b"] * 2)({"w": y, "b": torch.tensor(1.)}))

out, vjp_fn = vjp(lambda t: t.sin() * t, x)
emit("vjp", [out, vjp_fn(torch.tensor([1., 0., 2.]))])
emit("jvp", jvp(lambda t: t.sin() * t, (x,), (torch.tensor([1., 0., 2.]),)))
emit("jacrev", jacrev(lambda t: t.sin() * t)(x))
emit("jacfwd", jacfwd(lambda t: t.sin() * t)(x))
emit("jacrev_argnums", jacrev(lambda a, b: a * b, argnums=(0, 1))(x, y))
emit("hessian", hessian(lambda t: (t ** 3).sum())(x))

m = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
emit("vmap", vmap(lambda r: (r * r).sum())(m))
emit("vmap_in_dims", vmap(lambda r, s: r * s, in_dims=(0, None))(m, torch.tensor([10., 20.])))
emit("vmap_in_dims_1", vmap(lambda c: c.sum(), in_dims=1)(m))
emit("vmap_out_dims", vmap(lambda r: r * 2, out_dims=1)(m))
emit("per_example_grads", vmap(grad(lambda w, r: ((w * r).sum()) ** 2), in_dims=(None, 0))(torch.tensor([1., -1.]), m))

w = torch.tensor([1., 2., 3.], requires_grad=True)
g = grad(lambda t: (t ** 3).sum())(w)
emit("connected", g.requires_grad)
(gg,) = torch.autograd.grad(g.sum(), w)
emit("grad_through_func_grad", gg)
