"""``torch.optim.LBFGS``: limited-memory BFGS with an optional strong-Wolfe line search.

The algorithm is torch's (two-loop recursion over ``history_size`` curvature pairs, the first
step scaled by ``min(1, 1/|g|_1)``, the same stopping tests and the same cubic-interpolation
line search), with its decisions taken on the host as torch takes them with ``.item()``-like
comparisons. The vector work is jitted: gathering the flat gradient, the whole two-loop
recursion (one program over the stacked history, padded to a power of two so that a growing
history compiles only a few times), and moving every parameter along the direction (one
program for all of them). Host scalars that torch keeps as 0-d tensors (``t``, ``ro``,
``al``, ``H_diag``, directional derivatives) are numpy scalars of the parameters' dtype:
numpy's promotion of a float32 scalar with a python float is torch's for a 0-d tensor, so
the line search makes the same choices. Known difference: complex parameters are not
supported.
"""
from __future__ import annotations

from typing import Callable

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from ... import core
from ..tensor import Tensor
from .optimizer import Optimizer, state_tensor


@jax.jit
def _flat(grads):
    return jnp.concatenate([jnp.ravel(g) for g in grads])


@jax.jit
def _abs_max_sum(v):
    a = jnp.abs(v)
    return jnp.max(a), jnp.sum(a)


@jax.jit
def _dot(a, b):
    return jnp.dot(a, b)


@jax.jit
def _step_norm(d, t):
    return jnp.max(jnp.abs(d * t.astype(d.dtype)))


@jax.jit
def _curvature(flat_grad, prev_flat_grad, d, t):
    y = flat_grad - prev_flat_grad
    s = d * t.astype(d.dtype)
    return y, s, jnp.dot(y, s), jnp.dot(y, y)


@jax.jit
def _two_loop(flat_grad, dirs, stps, ro, h_diag, n):
    """torch's two-loop recursion over the first ``n`` stacked (y, s, 1/ys) pairs; returns the
    direction and the ``al`` coefficients."""
    q = -flat_grad
    al = jnp.zeros_like(ro)

    def backward(k, carry):
        q, al = carry
        i = n - 1 - k
        a = jnp.dot(stps[i], q) * ro[i]
        return q + (-a) * dirs[i], al.at[i].set(a)

    q, al = lax.fori_loop(0, n, backward, (q, al))
    r = q * h_diag

    def forward(i, r):
        be = jnp.dot(dirs[i], r) * ro[i]
        return r + (al[i] - be) * stps[i]

    return lax.fori_loop(0, n, forward, r), al


@jax.jit
def _moved(params, d, t):
    """Every parameter plus ``t`` times its slice of the flat direction ``d``."""
    out, offset = [], 0
    for p in params:
        n = p.size
        out.append(p + t.astype(p.dtype) * d[offset:offset + n].reshape(p.shape))
        offset += n
    return out


def _bucket(n: int, cap: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return max(1, min(size, max(cap, n)))


def _scalar(x):
    """A 0-d array or tensor as a numpy scalar of its dtype (torch's 0-d tensor arithmetic);
    python numbers stay as they are."""
    if isinstance(x, Tensor):
        x = x._value
    if isinstance(x, (int, float)) or x is None:
        return x
    return np.asarray(x)[()]


def _array(x):
    return x._value if isinstance(x, Tensor) else x


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    # minimizer of the cubic through two points with their derivatives, clipped to the bounds
    if bounds is not None:
        lo, hi = bounds
    else:
        lo, hi = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square >= 0:
        d2 = np.sqrt(d2_square)
        if x1 <= x2:
            pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(pos, lo), hi)
    return (lo + hi) / 2.0


def _strong_wolfe(evaluate: Callable, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """torch's strong-Wolfe line search: bracketing, then zooming by cubic interpolation.
    ``evaluate(t)`` returns (loss, flat gradient) at the parameters moved by ``t * d``."""
    d_norm = _scalar(_abs_max_sum(d)[0])
    f_new, g_new = evaluate(t)
    evals = 1
    gtd_new = _scalar(_dot(g_new, d))
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    while ls_iter < max_ls:
        if f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        # extrapolate
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        previous = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = previous, f_new, g_new, gtd_new
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = _scalar(_dot(g_new, d))
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]

    # zoom until a point satisfies the conditions or the bracket is too small
    insuf_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        # keep away from the bracket's ends unless progress stalls twice
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                t = max(bracket) - eps if abs(t - max(bracket)) < abs(t - min(bracket)) else min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = _scalar(_dot(g_new, d))
        ls_iter += 1
        if f_new > f + c1 * t * gtd or f_new >= bracket_f[low]:
            bracket[high], bracket_f[high], bracket_g[high], bracket_gtd[high] = t, f_new, g_new, gtd_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_g[low], bracket_gtd[low] = t, f_new, g_new, gtd_new
    return bracket_f[low], bracket_g[low], bracket[low], evals


class LBFGS(Optimizer):
    """``torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7,
    tolerance_change=1e-9, history_size=100, line_search_fn=None)``; ``step(closure)`` runs up
    to ``max_iter`` iterations and returns the closure's first loss. One param group only."""

    def __init__(self, params, lr=1, max_iter: int = 20, max_eval: int | None = None, tolerance_grad: float = 1e-7,
                 tolerance_change: float = 1e-9, history_size: int = 100, line_search_fn: str | None = None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]
        self._numel_cache = None

    def _numel(self) -> int:
        if self._numel_cache is None:
            self._numel_cache = sum(p.numel() for p in self._params)
        return self._numel_cache

    # ----- the parameters as one flat vector ----------------------------------------
    def _gather_flat_grad(self):
        return _flat(tuple(p.grad._value if p.grad is not None else jnp.zeros(p.shape, p._value.dtype)
                           for p in self._params))

    def _values(self) -> list:
        return [p._value for p in self._params]

    def _write(self, values) -> None:
        # in place, outside autograd (torch's no_grad add_/copy_ on the parameters)
        for p, v in zip(self._params, values):
            p.node.value = v

    def _add_grad(self, t, d) -> None:
        self._write(_moved(self._values(), d, jnp.asarray(t)))

    def _evaluate(self, closure: Callable) -> float:
        with core.recording.grad_mode(True):
            loss = closure()
        return float(loss)  # under no_grad: no warning for a loss that requires grad, as torch

    def step(self, closure: Callable):  # type: ignore[override]
        """Run the LBFGS iterations; ``closure`` clears the gradients, computes the loss,
        calls ``backward()`` and returns the loss."""
        if len(self.param_groups) != 1:
            raise AssertionError(f"Expected exactly one param_group, but got {len(self.param_groups)}")
        with np.errstate(all="ignore"), core.recording.grad_mode(False):
            return self._run(closure)

    def _run(self, closure: Callable):
        group = self.param_groups[0]
        lr = _scalar(group["lr"])
        max_iter, max_eval = group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn, history_size = group["line_search_fn"], group["history_size"]

        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        with core.recording.grad_mode(True):
            orig_loss = closure()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if _scalar(_abs_max_sum(flat_grad)[0]) <= tolerance_grad:
            return orig_loss

        # the state of earlier steps (tensors, also when loaded from a state dict)
        d = _array(state.get("d"))
        t = _scalar(state.get("t"))
        old_dirs = [_array(v) for v in state.get("old_dirs", [])]
        old_stps = [_array(v) for v in state.get("old_stps", [])]
        ro = [_scalar(v) for v in state.get("ro", [])]
        h_diag = _scalar(state.get("H_diag"))
        prev_flat_grad = _array(state.get("prev_flat_grad"))
        prev_loss = state.get("prev_loss")
        al = [_scalar(v) for v in state["al"]] if "al" in state else None

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro = [], [], []
                h_diag = 1
            else:
                y, s, ys, yy = _curvature(flat_grad, prev_flat_grad, d, jnp.asarray(t))
                ys = _scalar(ys)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:  # forget the oldest pair
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    h_diag = ys / _scalar(yy)
                if al is None:
                    al = [None] * history_size
                    state["al"] = al
                d, al_new = self._direction(flat_grad, old_dirs, old_stps, ro, h_diag)
                for i, a in enumerate(np.asarray(al_new)[:len(old_dirs)]):
                    al[i] = a
            prev_flat_grad = flat_grad
            prev_loss = loss

            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / _scalar(_abs_max_sum(flat_grad)[1])) * lr
            else:
                t = lr
            gtd = _scalar(_dot(flat_grad, d))
            if gtd > -tolerance_change:  # not a descent direction
                break

            ls_func_evals = 0
            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x_init = self._values()

                def evaluate(step, x_init=x_init, d=d):
                    self._add_grad(step, d)
                    value = self._evaluate(closure)
                    grad = self._gather_flat_grad()
                    self._write(x_init)
                    return value, grad

                loss, flat_grad, t, ls_func_evals = _strong_wolfe(evaluate, t, d, loss, flat_grad, gtd,
                                                                  max_ls=max_eval - current_evals)
                self._add_grad(t, d)
                opt_cond = _scalar(_abs_max_sum(flat_grad)[0]) <= tolerance_grad
            else:
                self._add_grad(t, d)
                if n_iter != max_iter:
                    loss = self._evaluate(closure)
                    flat_grad = self._gather_flat_grad()
                    opt_cond = _scalar(_abs_max_sum(flat_grad)[0]) <= tolerance_grad
                    ls_func_evals = 1
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals

            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if _scalar(_step_norm(d, jnp.asarray(t))) <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break

        state["d"] = state_tensor(d)
        state["t"] = _as_state(t)
        state["old_dirs"] = [state_tensor(v) for v in old_dirs]
        state["old_stps"] = [state_tensor(v) for v in old_stps]
        state["ro"] = [_as_state(v) for v in ro]
        state["H_diag"] = _as_state(h_diag)
        held = state.get("prev_flat_grad")
        if isinstance(held, Tensor) and held.shape == tuple(prev_flat_grad.shape):
            # torch copies into the tensor it holds: optimizers that loaded one state dict share it
            held.node.value = prev_flat_grad.astype(held._value.dtype)
        else:
            state["prev_flat_grad"] = state_tensor(prev_flat_grad)
        state["prev_loss"] = prev_loss
        if "al" in state:
            state["al"] = [_as_state(v) for v in al]
        return orig_loss

    def _direction(self, flat_grad, old_dirs, old_stps, ro, h_diag):
        n = len(old_dirs)
        size = _bucket(n, self.param_groups[0]["history_size"])
        dtype = flat_grad.dtype
        pad = size - n
        zeros = jnp.zeros((pad, flat_grad.size), dtype)
        dirs = jnp.concatenate([jnp.stack(old_dirs), zeros]) if n else zeros
        stps = jnp.concatenate([jnp.stack(old_stps), zeros]) if n else zeros
        ros = jnp.asarray(np.array(list(ro) + [0] * pad, dtype=dtype))
        return _two_loop(flat_grad, dirs, stps, ros, jnp.asarray(h_diag, dtype), jnp.int32(n))


def _as_state(x):
    """Host scalars that torch keeps as 0-d tensors become tensors; python numbers stay."""
    if x is None or isinstance(x, (int, float)) and not isinstance(x, np.generic):
        return x
    return state_tensor(jnp.asarray(x))
