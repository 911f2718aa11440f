"""``torch.nn.parallel.DistributedDataParallel`` on ``gradcompat.distributed``.

As torch: rank 0's parameters and buffers are broadcast at construction, buffers again before
each forward (``broadcast_buffers``), and every ``backward()`` that follows a synchronized
forward leaves each parameter's ``.grad`` averaged over the ranks (each rank's gradient divided
by the world size, then summed). The reduction runs once the backward pass has accumulated
every ``.grad`` (the engine's final callback), as one flat all-reduce per dtype. ``no_sync()``
keeps gradients local; ``find_unused_parameters`` lets parameters that got no gradient join
(globally unused ones keep ``.grad`` None); without it, a parameter without a gradient raises
torch's error at the next forward. Known differences: the bucket options are accepted and
ignored (one bucket per dtype); ``register_comm_hook`` hooks run on that bucket; the reduction
starts after the backward pass rather than overlapping it.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable

from .... import distributed as shared
from ... import distributed as dist
from ...autograd import engine
from ..module import Module

_UNFINISHED = (
    "Expected to have finished reduction in the prior iteration before starting a new one. This error indicates "
    "that your module has parameters that were not used in producing loss. You can enable unused parameter "
    "detection by passing the keyword argument `find_unused_parameters=True` to "
    "`torch.nn.parallel.DistributedDataParallel`, and by \nmaking sure all `forward` function outputs participate "
    "in calculating loss. \nIf you already have done the above, then the distributed data parallel module wasn't "
    "able to locate the output tensors in the return value of your module's `forward` function. Please include the "
    "loss function and the structure of the return value of `forward` of your module when reporting this issue "
    "(e.g. list, dict, iterable).\nParameter indices which did not receive grad for rank {rank}: {indices}\n In "
    "addition, you can set the environment variable TORCH_DISTRIBUTED_DEBUG to either INFO or DETAIL to print out "
    "information about which particular parameters did not receive gradient on this rank as part of this error")


class _Bucket:
    """What a communication hook receives (torch's ``GradBucket``): the flat gradients."""

    def __init__(self, tensors: list, index: int = 0) -> None:
        self._tensors = tensors
        self._index = index

    def index(self) -> int:
        return self._index

    def gradients(self) -> list:
        return list(self._tensors)

    def is_last(self) -> bool:
        return True


class DistributedDataParallel(Module):
    """``DistributedDataParallel(module, device_ids=None, output_device=None, dim=0,
    broadcast_buffers=True, process_group=None, bucket_cap_mb=None, find_unused_parameters=False,
    check_reduction=False, gradient_as_bucket_view=False, static_graph=False, ...)``."""

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0,
                 broadcast_buffers: bool = True, init_sync: bool = True, process_group=None,
                 bucket_cap_mb: float | None = None, find_unused_parameters: bool = False,
                 check_reduction: bool = False, gradient_as_bucket_view: bool = False, static_graph: bool = False,
                 delay_all_reduce_named_params=None, param_to_hook_all_reduce=None, mixed_precision=None,
                 device_mesh=None, skip_all_reduce_unused_params: bool = False) -> None:
        super().__init__()
        self.process_group = process_group if process_group is not None else dist.c10d._world()
        params = [p for p in module.parameters() if p.requires_grad]
        if not params:
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't have any parameter "
                               "that requires a gradient.")
        if device_ids is not None and len(device_ids) and {str(p.device) for p in module.parameters()} == {"cpu"}:
            raise ValueError(
                "DistributedDataParallel device_ids and output_device arguments only work with single-device/"
                "multiple-device GPU modules or CPU modules, but got device_ids "
                f"{list(device_ids)}, output_device {output_device}, and module parameters "
                f"{{{', '.join(sorted({repr(p.device) for p in module.parameters()}))}}}.")
        self.module = module
        self.device_ids = list(device_ids) if device_ids else None
        self.output_device = output_device
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.bucket_bytes_cap = int((25 if bucket_cap_mb is None else bucket_cap_mb) * 1024 * 1024)
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        self._params = params
        self._used: set[int] = set()
        self._sync_pass = False
        self._queued = None  # the backward pass whose final callbacks hold our reduction
        self._unfinished: list[int] | None = None
        self._comm_hook: tuple[Any, Callable] | None = None
        self._hook_handles = [p.register_hook(self._grad_hook(i)) for i, p in enumerate(params)]
        if init_sync:
            self._sync_state([*module.parameters(), *module.buffers()])

    # ----- state ------------------------------------------------------------------------------
    def _group(self):
        return self.process_group._group

    def _sync_state(self, tensors: list) -> None:
        """Rank 0's values of ``tensors`` on every rank."""
        if not tensors or self.process_group.size() == 1:
            return
        values = shared.runtime.broadcast_coalesced([dist.c10d._value(t) for t in tensors], 0, self._group())
        for t, v in zip(tensors, values):
            dist.c10d._write(t, v)

    # ----- forward ----------------------------------------------------------------------------
    def forward(self, *inputs, **kwargs):
        if self._unfinished is not None:
            missing, self._unfinished = self._unfinished, None
            raise RuntimeError(_UNFINISHED.format(rank=dist.get_rank(), indices=" ".join(map(str, missing))))
        if self.broadcast_buffers and self.require_forward_param_sync:
            self._sync_state(list(self.module.buffers()))
        from ...autograd import is_grad_enabled
        self._used, self._queued = set(), None  # a backward pass that failed leaves nothing behind
        if is_grad_enabled() and self.require_backward_grad_sync:
            self._sync_pass = True
        return self.module(*inputs, **kwargs)

    @contextlib.contextmanager
    def no_sync(self):
        """Backward passes of forwards run inside keep their gradients local (accumulation)."""
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    # ----- backward ---------------------------------------------------------------------------
    def _grad_hook(self, index: int):
        def hook(grad):
            running = getattr(engine._final_callbacks, "queue", None)
            if running is None:
                return None  # autograd.grad: nothing is accumulated, DDP does not reduce (as torch)
            self._used.add(index)
            if self._queued is not running:  # once per backward pass
                engine.queue_callback(self._reduce)
                self._queued = running
            return None
        return hook

    def _reduce(self) -> None:
        """After a backward pass: average the ``.grad`` of the parameters over the ranks."""
        used, self._used, self._queued = self._used, set(), None
        sync, self._sync_pass = self._sync_pass, False
        if not sync:
            return
        indices = range(len(self._params))
        if self.find_unused_parameters:
            import numpy as np
            mask = np.zeros(len(self._params), np.int32)
            mask[list(used)] = 1
            mask = np.asarray(shared.runtime.all_reduce(mask, "max", self._group()))
            indices = [i for i in indices if mask[i]]
        elif len(used) < len(self._params):
            self._unfinished = [i for i in indices if i not in used]
            return
        from ...functions import zeros_like
        params = [self._params[i] for i in indices]
        for p in params:
            if p.grad is None:
                p.grad = zeros_like(p)
        grads = [p.grad for p in params]
        if self._comm_hook is not None:
            state, hook = self._comm_hook
            result = hook(state, _Bucket(grads))
            averaged = result.wait() if hasattr(result, "wait") else result
            values = [dist.c10d._value(t) for t in (averaged if isinstance(averaged, list) else [averaged])]
        else:
            values = shared.runtime.all_reduce_coalesced([dist.c10d._value(g) for g in grads], "avg", self._group())
        for g, v in zip(grads, values):
            dist.c10d._write(g, v)

    def register_comm_hook(self, state: object, hook: Callable) -> None:
        """``hook(state, bucket)`` returns the reduced gradients (a future or a list of tensors)."""
        self._comm_hook = (state, hook)

    def _set_static_graph(self) -> None:
        self.static_graph = True

    def join(self, *args, **kwargs):
        return contextlib.nullcontext()
