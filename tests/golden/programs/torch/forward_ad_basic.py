"""torch.autograd.forward_ad: dual tensors, tangents through ops, levels, custom Function jvp, errors."""
import torch
import torch.autograd.forward_ad as fwAD
from harness import emit, emit_text, expect_error

x = torch.tensor([0.5, -1.0, 2.0])
v = torch.tensor([1.0, 0.5, -2.0])
w = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])

with fwAD.dual_level() as level:
    emit("level", level)
    dual = fwAD.make_dual(x, v)
    emit_text("dual_repr", repr(dual))
    primal, tangent = fwAD.unpack_dual(dual)
    emit("tangent_is_given", tangent is v)
    emit("primal", primal)
    emit_text("primal_repr", repr(primal))
    emit("unpacked_type", type(fwAD.unpack_dual(dual)).__name__)
    emit("unpack_plain", fwAD.unpack_dual(x).tangent)
    out = (dual.sin() * dual.exp()).sum()
    emit("sin_exp_sum", list(fwAD.unpack_dual(out)))
    mm = dual.unsqueeze(0) @ w
    emit("matmul", list(fwAD.unpack_dual(mm)))
    emit("index_and_cat", fwAD.unpack_dual(torch.cat([dual[1:], dual[:1] * 2])).tangent)
    values, indices = dual.max(dim=0)
    emit("max_values", fwAD.unpack_dual(values).tangent)
    emit("max_indices_no_tangent", fwAD.unpack_dual(indices).tangent)
    emit("comparison_no_tangent", fwAD.unpack_dual(dual > 0).tangent)
    emit("where", fwAD.unpack_dual(torch.where(dual > 0, dual ** 2, -dual)).tangent)
    emit("softmax", fwAD.unpack_dual(torch.softmax(dual, dim=0)).tangent)
    with torch.no_grad():
        emit("under_no_grad", fwAD.unpack_dual(dual * 3).tangent)
    emit("detach_drops_tangent", fwAD.unpack_dual(dual.detach() * 2).tangent)
    scattered = torch.zeros(5)
    scattered[torch.tensor([4, 1])] = dual[:2]
    emit("advanced_setitem", fwAD.unpack_dual(scattered).tangent)
    plain = torch.ones(3)
    emit("mixed_with_plain", fwAD.unpack_dual(plain * dual + plain).tangent)
    d2 = fwAD.make_dual(x.clone(), v)
    d2.mul_(2)
    emit("inplace_on_dual", fwAD.unpack_dual(d2).tangent)

    # backward mode through forward mode
    xp = x.clone().requires_grad_()
    vt = v.clone().requires_grad_()
    d3 = fwAD.make_dual(xp, vt)
    jvp = fwAD.unpack_dual((d3 ** 3).sum()).tangent
    emit("tangent_requires_grad", jvp.requires_grad)
    emit("grad_of_tangent", torch.autograd.grad(jvp, (xp, vt)))

    expect_error("nested", fwAD.enter_dual_level, "Nested forward mode AD is not supported at the moment")
    expect_error("size", lambda: fwAD.make_dual(x, torch.ones(2)),
                 "Trying to set a forward gradient that has a different size than that of the original Tensor, "
                 "this is not supported. Tensor is of size [3] while the given forward gradient is of size [2].")
    expect_error("tangent_is_dual", lambda: fwAD.make_dual(x, dual), "has a forward gradient at the same level")
    expect_error("integer_primal", lambda: fwAD.make_dual(torch.tensor([1, 2]), torch.ones(2)),
                 "Expected primal to be floating point or complex, but got: torch.int64")
    expect_error("exit_wrong_level", lambda: fwAD.exit_dual_level(level=3),
                 "Trying to exit a forward AD level that was not the last one that was created")

emit("after_exit", fwAD.unpack_dual(dual).tangent)
emit("current_level", fwAD._current_level)
expect_error("no_level", lambda: fwAD.make_dual(x, v), "Trying to create a dual Tensor for forward AD but no level exists")

level = fwAD.enter_dual_level()
emit("entered", level)
emit("manual_level", fwAD.unpack_dual(fwAD.make_dual(x, v).cos()).tangent)
fwAD.exit_dual_level()


class ScaledProduct(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, k):
        ctx.save_for_forward(a, b)
        ctx.k = k
        return k * a * b

    @staticmethod
    def jvp(ctx, a_t, b_t, _):
        a, b = ctx.saved_tensors
        return ctx.k * (a_t * b + a * b_t)

    @staticmethod
    def backward(ctx, g):
        return g, g, None


class SetupStyle(torch.autograd.Function):
    @staticmethod
    def forward(a):
        return a.exp(), a.clone()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_forward(output[0])
        ctx.mark_non_differentiable(output[1])

    @staticmethod
    def jvp(ctx, a_t):
        (e,) = ctx.saved_tensors
        return e * a_t, None


class NoJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


class WrongCount(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def jvp(ctx, t):
        return t, t


with fwAD.dual_level():
    dual = fwAD.make_dual(x, v)
    emit("custom_jvp", fwAD.unpack_dual(ScaledProduct.apply(dual, w[:, 0], 3.0)).tangent)
    emit("custom_jvp_second_input_plain", fwAD.unpack_dual(ScaledProduct.apply(w[:, 1], dual, 2.0)).tangent)
    e, c = SetupStyle.apply(dual)
    emit("setup_context_jvp", [fwAD.unpack_dual(e).tangent, fwAD.unpack_dual(c).tangent])
    expect_error("no_jvp", lambda: NoJvp.apply(dual),
                 "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.")
    expect_error("wrong_count", lambda: WrongCount.apply(dual),
                 "Function's jvp returned an invalid number of forward gradients (expected 1 but got 2)")
    emit("plain_input_no_jvp_needed", fwAD.unpack_dual(NoJvp.apply(x)).tangent)

out, jvp_out = torch.func.jvp(lambda a: (a.sin() * a).sum(), (x,), (v,))
emit("func_jvp", [out, jvp_out])
emit("jacfwd", torch.func.jacfwd(lambda a: a.sin() * a)(x))

F = torch.autograd.functional
expect_error("functional_jvp_input_type", lambda: F.jvp(lambda a: a * 2, (x, 2), (v, v)),
             "The inputs given to jvp must be either a Tensor or a tuple of Tensors but the value at index 1 has type "
             "<class 'int'>.")
expect_error("functional_jvp_output_type", lambda: F.jvp(lambda a: (a * 2, "bar"), x, v),
             "The outputs of the user-provided function given to jvp must be either a Tensor or a tuple of Tensors but "
             "the value at index 1 has type <class 'str'>.")
expect_error("functional_jvp_single_v", lambda: F.jvp(lambda a: a * 2, x, (v, v)),
             "The given v should contain a single Tensor.")
expect_error("functional_jvp_v_size", lambda: F.jvp(lambda a: a * 2, x, v[:2]),
             "v has invalid size: should be torch.Size([3]) but got torch.Size([2]).")
