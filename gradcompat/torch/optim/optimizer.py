"""``torch.optim.Optimizer``: param groups, per-parameter state, ``zero_grad``, state dicts.

Subclasses implement ``_update(group, param, grad, state)`` with a pure kernel from
``optim.kernels``; the new values are written into the parameters and state tensors in
place (no graph), as torch's in-place updates under ``no_grad`` do. ``step()`` runs lazily:
the kernels build deferred nodes, the writes are pending writes, and the step boundary's
sync runs every parameter's update as one program (in lazy mode, together with the
forward and backward pending since the last step).
"""
from __future__ import annotations

import copy
import functools
import warnings
from collections import defaultdict
from typing import Any, Callable, Iterable

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from .. import dtypes
from ..nn.module import RemovableHandle
from ..tensor import Tensor, wrap
from . import kernels, step_cache


class _Required:
    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


def _typename(obj) -> str:
    """``torch.typename``: ``torch.FloatTensor`` for tensors, the qualified class name otherwise."""
    if isinstance(obj, Tensor):
        return _tensor_type_name(obj)
    module = type(obj).__module__
    name = type(obj).__qualname__
    return name if module in ("builtins", None) else f"{module}.{name}"


def _tensor_type_name(t: Tensor) -> str:
    names = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
             "bool": "Bool", "bfloat16": "BFloat16", "int16": "Short", "int8": "Char", "uint8": "Byte"}
    return f"torch.{names.get(t.dtype.name, '')}Tensor"


def state_tensor(value) -> Tensor:
    """A tensor holding optimizer state (written in place by later steps); ``value`` is an
    array or a kernel's deferred result (computed at the step's sync)."""
    return wrap(value if isinstance(value, core.Node) else core.Constant(jnp.asarray(value)))


def zeros_state(p: Tensor) -> Tensor:
    """A zero state tensor shaped as ``p``, built from its shape and dtype without reading its
    value (a compiled step creating its state stays replayable)."""
    aval = p.node.aval
    zeros = jnp.zeros(aval.shape, aval.dtype)
    sharding = getattr(p.node.value, "sharding", None)  # p's device, when its value is at hand
    return state_tensor(jax.device_put(zeros, sharding) if sharding is not None else zeros)


def _kernel_input(x) -> core.Node:
    if isinstance(x, Tensor):
        return x.node
    if isinstance(x, core.Node):  # another kernel's deferred result (a step count, bias corrections)
        return x
    if isinstance(x, (int, float)):
        return core.Scalar(x)  # weakly typed, as a python number passed to the eager kernel
    return core.Constant(jnp.asarray(x))


def run_kernel(fn: Callable, args: list, **static) -> list[core.Node]:
    """An update kernel applied to Tensors and python numbers, inside ``step()``: its
    results as deferred nodes, computed at the step's sync."""
    with core.recording.grad_mode(False):
        node = core.apply(fn, [_kernel_input(a) for a in args], static)
        return [core.select(node, i) for i in range(len(node.aval))]


def check_adam_args(lr, betas, eps: float, weight_decay: float) -> None:
    """The argument checks (and messages) torch's Adam family shares."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


_GLOBAL_STEP_PRE_HOOKS: dict = {}
_GLOBAL_STEP_POST_HOOKS: dict = {}


def _register(table: dict, hook: Callable, prepend: bool = False) -> RemovableHandle:
    handle = RemovableHandle(table)
    table[handle.id] = hook
    if prepend:
        items = list(table.items())
        table.clear()
        table.update([items[-1]] + items[:-1])
    return handle


def register_optimizer_step_pre_hook(hook: Callable) -> RemovableHandle:
    """``torch.optim.optimizer.register_optimizer_step_pre_hook``: ``hook(optimizer, args,
    kwargs)`` before every optimizer's ``step``."""
    return _register(_GLOBAL_STEP_PRE_HOOKS, hook)


def register_optimizer_step_post_hook(hook: Callable) -> RemovableHandle:
    """``hook(optimizer, args, kwargs)`` after every optimizer's ``step``."""
    return _register(_GLOBAL_STEP_POST_HOOKS, hook)


def _with_step_hooks(step: Callable) -> Callable:
    """Run the global and the optimizer's own step hooks around ``step`` (torch wraps the
    ``step`` of every Optimizer subclass, the user's own too)."""
    @functools.wraps(step)
    def wrapper(*args, **kwargs):
        self = args[0]
        pre = self.__dict__.get("_optimizer_step_pre_hooks", {})
        for hook in [*_GLOBAL_STEP_PRE_HOOKS.values(), *pre.values()]:
            result = hook(self, args, kwargs)
            if result is not None:
                if isinstance(result, tuple) and len(result) == 2:
                    args, kwargs = result
                else:
                    raise RuntimeError(f"{step} must return None or a tuple of (new_args, new_kwargs), "
                                       f"but got {result}.")
        out = step(*args, **kwargs)
        post = self.__dict__.get("_optimizer_step_post_hooks", {})
        for hook in [*_GLOBAL_STEP_POST_HOOKS.values(), *post.values()]:
            hook(self, args, kwargs)
        return out
    wrapper._step_hooked = True
    return wrapper


class Optimizer:
    """Base of the optimizers, as ``torch.optim.Optimizer``."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_step_hooked", False):
            cls.step = _with_step_hooks(step)

    def _hooks(self, name: str) -> dict:
        return self.__dict__.setdefault(name, {})

    def register_step_pre_hook(self, hook: Callable) -> RemovableHandle:
        """``hook(optimizer, args, kwargs)`` before each ``step``; it may return new (args, kwargs)."""
        return _register(self._hooks("_optimizer_step_pre_hooks"), hook)

    def register_step_post_hook(self, hook: Callable) -> RemovableHandle:
        """``hook(optimizer, args, kwargs)`` after each ``step``."""
        return _register(self._hooks("_optimizer_step_post_hooks"), hook)

    def register_state_dict_pre_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """``hook(optimizer)`` before ``state_dict()`` builds its result."""
        return _register(self._hooks("_optimizer_state_dict_pre_hooks"), hook, prepend)

    def register_state_dict_post_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """``hook(optimizer, state_dict)`` after; a returned dict replaces the result."""
        return _register(self._hooks("_optimizer_state_dict_post_hooks"), hook, prepend)

    def register_load_state_dict_pre_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """``hook(optimizer, state_dict)`` before loading; a returned dict is loaded instead."""
        return _register(self._hooks("_optimizer_load_state_dict_pre_hooks"), hook, prepend)

    def register_load_state_dict_post_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """``hook(optimizer)`` after loading."""
        return _register(self._hooks("_optimizer_load_state_dict_post_hooks"), hook, prepend)

    def __init__(self, params, defaults: dict) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got {_tensor_type_name(params)}")
        self.state: dict = defaultdict(dict)
        self.param_groups: list[dict] = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters with its own hyperparameters (defaults fill the rest)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        else:
            param_group["params"] = list(params)
        # named parameters ((name, tensor) pairs, as model.named_parameters() yields) keep their names
        names = [p[0] for p in param_group["params"] if isinstance(p, tuple)]
        param_group["params"] = [p[1] if isinstance(p, tuple) else p for p in param_group["params"]]
        if names:
            if len(names) != len(param_group["params"]):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            param_group["param_names"] = names
        for p in param_group["params"]:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                f"{_typename(p)}")
            if not self.defaults.get("differentiable", None) and not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter {name}")
            param_group.setdefault(name, default)
        if len({id(p) for p in param_group["params"]}) != len(param_group["params"]):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        for g in self.param_groups:
            if ("param_names" in param_group) != ("param_names" in g):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's ``.grad`` (None by default, or zeros)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none:
                    p.grad = None  # no grad to clear is no error: not read first (this runs every step)
                elif p.grad is not None:
                    p.grad = wrap(core.Constant(jnp.zeros_like(p.grad._value)))

    def step(self, closure: Callable | None = None):
        """One update of every parameter that has a ``.grad``; ``closure`` re-evaluates the loss."""
        loss = None
        if closure is not None:
            with core.recording.grad_mode(True):
                loss = closure()
        step_cache.step(self, self._step_python)  # eager: the recorded program of this structure
        return loss

    def _step_python(self) -> None:
        with core.recording.grad_mode(False), core.lazy.lazy_mode():
            for group in self.param_groups:
                self._group_step(group)
            core.lazy.sync()  # a step boundary: one program for every update (and what was pending)

    def _group_step(self, group: dict) -> None:
        for p in group["params"]:
            if p.grad is None:
                continue
            self._update(group, p, p.grad, self.state[p])

    def _update(self, group: dict, p: Tensor, grad: Tensor, state: dict) -> None:
        raise NotImplementedError

    # ----- state dicts --------------------------------------------------------------
    def state_dict(self) -> dict:
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}`` as torch."""
        for hook in list(self._hooks("_optimizer_state_dict_pre_hooks").values()):
            hook(self)
        out = self._state_dict()
        for hook in list(self._hooks("_optimizer_state_dict_post_hooks").values()):
            result = hook(self, out)
            if result is not None:
                out = result
        return out

    def _state_dict(self) -> dict:
        index: dict[int, int] = {}
        groups = []
        start = 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            packed["params"] = [index[id(p)] for p in group["params"]]
            start += len(packed["params"])
            groups.append(packed)
        # the live per-parameter dicts and tensors, not copies (as torch)
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Load hyperparameters and state saved by ``state_dict`` (values are copied)."""
        state_dict = dict(state_dict)
        for hook in list(self._hooks("_optimizer_load_state_dict_pre_hooks").values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        saved = state_dict["param_groups"]
        if len(saved) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for g, s in zip(self.param_groups, saved):
            if len(g["params"]) != len(s["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                                 "optimizer's group")
        id_map = {old: p for g, s in zip(self.param_groups, saved) for old, p in zip(s["params"], g["params"])}
        self.state = defaultdict(dict)
        for key, values in state_dict["state"].items():
            if key in id_map:
                p = id_map[key]
                self.state[p] = {k: _cast_state(p, k, v) for k, v in values.items()}
            else:  # state of no parameter here is kept as it is (as torch)
                self.state[key] = values
        groups = []
        for g, s in zip(self.param_groups, saved):
            new = copy.deepcopy(s)
            new["params"] = g["params"]
            if "param_names" in g and "param_names" not in new:
                new["param_names"] = g["param_names"]
            groups.append(new)
        self.param_groups = groups
        for hook in list(self._hooks("_optimizer_load_state_dict_post_hooks").values()):
            hook(self)

    def __getstate__(self) -> dict:
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __repr__(self) -> str:
        out = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            out += "\n"
            out += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    out += f"    {key}: {group[key]}\n"
        return out + ")"


def _cast_state(p: Tensor, key: str, value):
    """torch's rule for loaded state: ``step`` and tensors already of the parameter's dtype are
    kept as they are (the same objects, so two optimizers loading one state dict share them);
    other floating tensors are converted to the parameter's dtype."""
    if isinstance(value, dict):
        return {k: _cast_state(p, k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):  # LBFGS keeps lists of tensors
        return type(value)(_cast_state(p, None, v) for v in value)
    if not isinstance(value, Tensor) or key == "step":
        return value
    if p.dtype.is_floating_point and value.dtype is not p.dtype:
        return state_tensor(value._value.astype(p._value.dtype))
    return value


def step_tensor(state: dict) -> int:
    """Advance the float32 ``step`` state tensor and return the new step count."""
    if "step" not in state:
        state["step"] = state_tensor(np.float32(0))
    t = state["step"]
    t.node.value = t._value + 1
    return int(t._value)


def advance_step(state: dict) -> core.Node:
    """Advance the float32 ``step`` state tensor inside the step's program and return the new
    count as a deferred node, as torch's ``capturable=True`` keeps it on the device: no value
    is read to Python, so a ``torch.compile``d step replays with its count (and the bias
    corrections computed from it) advancing at each call."""
    if "step" not in state:
        state["step"] = state_tensor(np.float32(0))
    t = state["step"]
    new = run_kernel(kernels.count, [t])[0]
    set_(t, new)
    return new


def _cast(x, *, dtype: str):
    return x.astype(dtype)


def set_(t: Tensor, value: core.Node) -> None:
    """Write a kernel's result into ``t`` in place, at the step's sync."""
    dtype = t.node.aval.dtype
    if value.aval.dtype != dtype:
        value = core.apply(_cast, [value], {"dtype": np.dtype(dtype).name})
    core.lazy.write(t.node, value)


Optimizer.step = _with_step_hooks(Optimizer.step)

del dtypes, Any, Iterable
