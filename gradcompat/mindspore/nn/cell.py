"""``mindspore.nn.Cell``: parameters and child cells registered by attribute assignment.

Naming follows MindSpore 2.x: an unnamed Parameter takes its attribute's name; assigning
a Cell to an attribute ``a`` renames the child's parameters to ``a.<path>``;
``parameters_and_names`` yields a cell's own parameters first (by attribute name), then
its children's, prefixed by the attribute path.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator

from ...core import apply, recording
from .. import _kernels as K
from .. import context, graph_mode
from .. import dtype as mstype
from ..parameter import Parameter, ParameterTuple
from ..tensor import Tensor
from . import bprop, dynamic_inputs, hooks


class Cell:
    """Base class of MindSpore networks: subclasses define ``construct``."""

    def __init__(self, auto_prefix: bool = True, flags: dict | None = None) -> None:
        object.__setattr__(self, "_params", OrderedDict())
        object.__setattr__(self, "_cells", OrderedDict())
        object.__setattr__(self, "_auto_prefix", auto_prefix)
        object.__setattr__(self, "training", False)
        object.__setattr__(self, "requires_grad", False)
        object.__setattr__(self, "_float_dtype", None)

    def _registry(self, kind: str) -> OrderedDict:
        if kind not in self.__dict__:
            object.__setattr__(self, kind, OrderedDict())
        return self.__dict__[kind]

    def __setattr__(self, name: str, value: Any) -> None:
        params, cells = self._registry("_params"), self._registry("_cells")
        params.pop(name, None)
        cells.pop(name, None)
        if isinstance(value, Parameter):
            if value._default_name:
                value.name = name
            params[name] = value
        elif isinstance(value, Cell):
            if self.__dict__.get("_auto_prefix", True):
                value.update_parameters_name(name + ".")
            cells[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._registry("_params").pop(name, None)
        self._registry("_cells").pop(name, None)
        object.__delattr__(self, name)

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        raise AttributeError(f"{type(self).__name__}.construct is not defined")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run ``construct``: op by op (PYNATIVE_MODE), or, in GRAPH_MODE at the outermost
        call, traced and run as one compiled program with its Parameter writes."""
        if self.__dict__.get("_float_dtype") is not None:
            args = tuple(_cast_float(a, self._float_dtype) for a in args)
        if self.__dict__.get("_forward_pre_hooks"):
            args, kwargs = hooks.run_forward_pre_hooks(self, args, kwargs)
        if self.__dict__.get("_dynamic_inputs") is not None and context.get_context("mode") == context.GRAPH_MODE \
                and graph_mode.can_compile():
            dynamic_inputs.check_call(self.construct, self._dynamic_inputs, args, kwargs)
        run = self._run
        if hooks.has_backward_hooks(self):
            run = lambda *a, **k: hooks.call_with_backward_hooks(self, self._run, a, k)  # noqa: E731
        out = graph_mode.call(run, args, kwargs, owner=self, phase=self.__dict__.get("training"))
        if self.__dict__.get("_forward_hooks"):
            out = hooks.run_forward_hooks(self, args, kwargs, out)
        return out

    # -- hooks (MindSpore 2.x PyNative semantics, see nn.hooks) ---------------------------
    def register_forward_pre_hook(self, hook_fn, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> hooks.HookHandle:
        """``hook_fn(cell, args) -> None or new args`` (``with_kwargs``: ``(cell, args, kwargs) ->
        None or (args, kwargs)``) runs before ``construct``; returns a handle with ``remove()``."""
        return hooks.register(self, "_forward_pre_hooks", hook_fn, prepend, with_kwargs=with_kwargs)

    def register_forward_hook(self, hook_fn, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False) -> hooks.HookHandle:
        """``hook_fn(cell, args, output) -> None or new output`` runs after ``construct``. A Cell
        with its own ``bprop`` ignores forward hooks, as in MindSpore."""
        if hasattr(self, "bprop"):
            return hooks.HookHandle()
        return hooks.register(self, "_forward_hooks", hook_fn, prepend, with_kwargs=with_kwargs)

    def register_backward_pre_hook(self, hook_fn) -> hooks.HookHandle:
        """``hook_fn(cell, grad_output) -> None or new grad_output``: called with the gradient of
        the Cell's outputs when a gradient is taken through the call."""
        return hooks.register(self, "_backward_pre_hooks", hook_fn)

    def register_backward_hook(self, hook_fn) -> hooks.HookHandle:
        """``hook_fn(cell, grad_input, grad_output) -> None or new grad_input``: called with the
        gradients of the Cell's Tensor inputs (Parameters' gradients are not included)."""
        return hooks.register(self, "_backward_hooks", hook_fn)

    # -- dynamic shapes -------------------------------------------------------------------
    def set_inputs(self, *inputs: Any, **kwargs: Any) -> None:
        """Declare the inputs (``Tensor(shape=[None, 3], dtype=...)`` placeholders, or values)
        that MindSpore compiles a dynamic-shape graph for. Programs compile per input shape
        here, so this only records them: in PYNATIVE_MODE any input is accepted afterwards, as
        in MindSpore; in GRAPH_MODE a call is checked against them with MindSpore's errors."""
        if kwargs and inputs:
            raise ValueError(f"For Cell, set_inputs should only set inputs or kwargs(inputs: {inputs}, "
                             f"kwargs: {kwargs})!")
        if kwargs:
            inputs = dynamic_inputs.from_kwargs(self.construct, kwargs)
        elif context.get_context("mode") == context.GRAPH_MODE:
            dynamic_inputs.check_arity(self.construct, inputs)
        object.__setattr__(self, "_dynamic_inputs", tuple(inputs))

    def get_inputs(self) -> tuple | None:
        """The inputs given to ``set_inputs`` (None when it was not called)."""
        return self.__dict__.get("_dynamic_inputs")

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        if (hasattr(self, "bprop") and not kwargs and recording.active_tapes()
                and all(isinstance(a, Tensor) for a in args)):
            return bprop.call(self, args)  # a gradient is being taken: use the Cell's own backward
        if self.__dict__.get("_float_dtype") is not None:
            return _run_with_cast_parameters(self, self._float_dtype, args, kwargs)
        return self.construct(*args, **kwargs)

    def set_train(self, mode: bool = True) -> "Cell":
        """Training mode (Dropout drops, BatchNorm uses and updates batch statistics) for
        this Cell and every Cell inside it."""
        for _, cell in self.cells_and_names():
            object.__setattr__(cell, "training", mode)
            object.__setattr__(cell, "phase", "train" if mode else "predict")
        return self

    phase = "train"  # MindSpore's compile phase name: 'train', or 'predict' after set_train(False)

    def set_grad(self, requires_grad: bool = True) -> "Cell":
        """Accepted as in MindSpore (it marks the Cell for gradient graphs; nothing else changes)."""
        object.__setattr__(self, "requires_grad", requires_grad)
        return self

    def to_float(self, dst_type: mstype.Type) -> "Cell":
        """Run this Cell and every Cell inside it in ``dst_type`` (MindSpore's ``to_float`` for
        mixed precision, a recursive flag): floating-point Tensor inputs and the Cells' own
        floating-point Parameters are cast when used (the Parameters keep their dtype, and
        their gradients arrive in it)."""
        if dst_type not in (mstype.float16, mstype.float32):
            raise ValueError("For 'to_float', the argument 'dst_type' must be mstype.float32, mstype.float16 or "
                             f"mstype.bfloat16, but got type: {type(dst_type)} and value: {dst_type}.")
        for _, cell in self.cells_and_names():
            object.__setattr__(cell, "_float_dtype", dst_type)
        return self

    def insert_param_to_cell(self, param_name: str, param: Parameter, check_name_contain_dot: bool = True) -> None:
        """Register ``param`` under ``param_name`` (an unnamed Parameter takes that name)."""
        if not param_name:
            raise KeyError("For 'insert_param_to_cell', the argument 'param_name' should not be None.")
        if check_name_contain_dot and "." in param_name:
            raise KeyError("For 'insert_param_to_cell', the argument 'param_name' should not contain'.' ")
        if not isinstance(param, Parameter) and param is not None:
            raise TypeError(f"For 'insert_param_to_cell', the argument 'param' must be 'Parameter' if not None, "
                            f"but got {type(param)}.")
        setattr(self, param_name, param)

    def update_parameters_name(self, prefix: str = "", recurse: bool = True) -> None:
        for name, param in self.parameters_and_names(expand=recurse):
            param.name = prefix + name

    def cells_and_names(self, cells: set | None = None, name_prefix: str = "") -> Iterator[tuple[str, "Cell"]]:
        seen = cells if cells is not None else set()
        if id(self) in seen:
            return
        seen.add(id(self))
        yield name_prefix, self
        for name, cell in self._registry("_cells").items():
            yield from cell.cells_and_names(seen, f"{name_prefix}.{name}" if name_prefix else name)

    def name_cells(self) -> OrderedDict:
        return OrderedDict(self._registry("_cells"))

    def cells(self):
        return self._registry("_cells").values()

    def parameters_and_names(self, name_prefix: str = "", expand: bool = True) -> Iterator[tuple[str, Parameter]]:
        cells = self.cells_and_names(name_prefix=name_prefix) if expand else [(name_prefix, self)]
        seen: set = set()
        for cell_name, cell in cells:
            for par_name, par in _own_parameters(cell):
                if par is not None and id(par) not in seen:
                    seen.add(id(par))
                    yield (f"{cell_name}.{par_name}" if cell_name else par_name), par

    def get_parameters(self, expand: bool = True) -> Iterator[Parameter]:
        for _, param in self.parameters_and_names(expand=expand):
            yield param

    def trainable_params(self, recurse: bool = True) -> list[Parameter]:
        return [p for p in self.get_parameters(expand=recurse) if p.requires_grad]

    def untrainable_params(self, recurse: bool = True) -> list[Parameter]:
        return [p for p in self.get_parameters(expand=recurse) if not p.requires_grad]

    def insert_child_to_cell(self, child_name: str, child_cell: "Cell") -> None:
        """Register ``child_cell`` under ``child_name`` (as attribute assignment does)."""
        setattr(self, child_name, child_cell)

    def extend_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        extra = self.extend_repr()
        lines = [f"({name}): " + repr(cell).replace("\n", "\n  ") for name, cell in self._registry("_cells").items()]
        if not lines:  # MindSpore: one line when there are no child Cells
            return f"{type(self).__name__}({extra})"
        body = ([extra] if extra else []) + lines
        return f"{type(self).__name__}(\n  " + "\n  ".join(body) + "\n)"


def _own_parameters(cell: Cell) -> list[tuple[str, Parameter]]:
    """A Cell's Parameters by attribute, then those of its ParameterTuple attributes (an
    optimizer's moments), by their names, as MindSpore registers both."""
    own = list(cell._registry("_params").items())
    for value in list(cell.__dict__.values()):
        if isinstance(value, ParameterTuple):
            own += [(p.name, p) for p in value]
    return own


def _run_with_cast_parameters(cell: Cell, dtype: mstype.Type, args: tuple, kwargs: dict) -> Any:
    """``construct`` with the Cell's own floating-point Parameters read as ``dtype`` casts (a
    ``to_float`` Cell computes in ``dtype``; the cast carries the gradient back)."""
    shadowed = {name: p for name, p in cell._registry("_params").items()
                if p is not None and cell.__dict__.get(name) is p and p.dtype != dtype
                and p.dtype in (mstype.float16, mstype.float32, mstype.float64)}
    for name, p in shadowed.items():
        object.__setattr__(cell, name, _cast_float(p, dtype))
    try:
        return cell.construct(*args, **kwargs)
    finally:
        for name, p in shadowed.items():
            object.__setattr__(cell, name, p)


def _cast_float(value: Any, dtype: mstype.Type) -> Any:
    """A floating-point Tensor cast to ``dtype`` (``to_float``); anything else unchanged."""
    if isinstance(value, Tensor) and value.dtype != dtype and value.dtype in (mstype.float16, mstype.float32,
                                                                              mstype.float64):
        return Tensor._from_node(apply(K.cast, [value.node], {"dtype": mstype.to_numpy(dtype).name}, name="Cast"))
    return value
