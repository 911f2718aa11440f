"""What the MindSpore golden programs record for one op: its output, the output's dtype
and shape, and its gradients (``GradOperation(get_all=True)`` unless told otherwise).
Plain MindSpore code, importable by every program (tests/golden is on their path)."""
from mindspore import ops
from harness import emit, emit_text

ALL_GRADS = ops.GradOperation(get_all=True)


def check(name, fn, *inputs, grad=ALL_GRADS):
    out = fn(*inputs)
    emit(name, out)
    emit_text(name + "_dtype", str([o.dtype for o in out]) if isinstance(out, tuple) else f"{out.dtype} {out.shape}")
    emit(name + "_grad", grad(fn)(*inputs))
