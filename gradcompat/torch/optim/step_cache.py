"""An eager ``optimizer.step()`` as one cached program call, without its update rules' Python.

In eager mode a step builds every parameter's update as deferred nodes (``run_kernel``,
``set_``) and runs them at its sync as ONE program over all parameters (torch's ``foreach``
path: one launch per step instead of one per parameter and op). Building those nodes costs
Python per parameter and op at every step, although the program depends only on the step's
structure: the optimizer class, each group's hyperparameters (the values of those that
choose the program, such as zero or non-zero weight decay, nesterov, amsgrad; of the float
ones, which a scheduler changes at every step, only which are zero and which are equal), which
parameters have a gradient, each parameter's node, the names of its state entries, and the
shape and dtype of every parameter, gradient and state tensor.

So a step records the program its sync ran (``core.lazy.observe``), keyed by that structure,
and where each program input came from (a parameter, its gradient, a state tensor, a float
hyperparameter, or a Python number fixed by the key). A later step of the same structure
gathers the current values and hyperparameters, runs the recorded program (the same compiled
executable: the same bits as the Python run, which would feed the same numbers) and writes the
results where the recorded step wrote them. A step is only recorded when it left
its structure unchanged (not the first step, which creates the state), read no value to
Python, and every input and write has a known origin; anything else runs the step's Python as
before. Lazy mode and ``torch.compile`` (which record the step's nodes themselves) never
replay here.

A replay donates the old parameter and state buffers to the program (XLA writes the new values
into them: no fresh buffers and their page faults; on a CPU the MLP update takes 25-40% less
CPU time, the whole eager MLP training step 10-25% less) exactly when nothing else can read
them afterwards: ``core.donation`` decides (the array is the one this plan's previous replay
wrote, and Python holds it only by its node and this replay), ``core.cache.call(...,
donate=...)`` runs the donating executable (``GRADCOMPAT_STEP_DONATION=0`` turns donation off,
for comparisons). One unshared value fewer than all and the step runs the ordinary,
non-donating executable: the same program, the same bits.
"""
from __future__ import annotations

import os
import weakref

import jax
import jax.numpy as jnp
from jax._src.array import ArrayImpl  # as core.host: the concrete array type, without starting a client

from ... import core
from ...core import cache as compile_cache
from ...core import donation
from ...core.executor import on_device
from ..tensor import Tensor

_NUMBERS = (int, float, bool)
_ARRAY = ArrayImpl  # a concrete JAX array
_INFINITE = (float("inf"), float("-inf"))
_PLANS: "weakref.WeakKeyDictionary[object, _Plans]" = weakref.WeakKeyDictionary()
_PLANS_KEPT = 8  # structures remembered per optimizer
_GIVE_UP = 16  # recordings in a row never replayed (an lr changed at every step, as a warm-up does) ...
_PAUSE = 64  # ... after which an optimizer runs this many steps' Python without recording, then tries again
_NO_PLAN = object()  # a structure whose step cannot be replayed
DONATE = os.environ.get("GRADCOMPAT_STEP_DONATION", "1") != "0"  # 0: never donate (a diagnostic switch)


class _Plans(dict):
    """An optimizer's plans by structure key, and whether recording them still pays."""

    def __init__(self) -> None:
        super().__init__()
        self.recorded = 0  # plans recorded since the last replay
        self.paused = 0  # steps left to run without recording (a new structure at every step)


class _Ineligible(Exception):
    """The step's structure cannot be keyed (a tensor hyperparameter, a deferred value...)."""


def _hyper(value, numbers: list, first: dict):
    """A hyperparameter as part of the key. A finite non-zero float (a learning rate, a
    momentum, a beta: what schedulers change) is keyed by which earlier number it equals, not
    by its value: it is a program input (``core.executor`` makes one input per distinct
    number), so a step that changes only its value replays the same program, fed the new
    value (appended to ``numbers``), and by its sign. Zero (``weight_decay != 0`` picks the
    program), nan and inf stay in the key by their text, ints and bools by value with their
    type (``True`` is not ``1``), and every int or float also by the earlier number it equals:
    the executor shares equal numbers as one input, so which are equal is part of the program."""
    kind = type(value)
    if kind is float or kind is int:
        if value == 0.0 or value != value or value in _INFINITE:
            return kind, repr(value)
        same = first.setdefault(value, len(numbers))  # 1 == 1.0: the int's float() may be shared with it
        numbers.append(value)
        return (kind, same, value < 0) if kind is float else (kind, value, same)  # RMSprop's momentum > 0
    if kind is bool or value is None or kind is str:
        return kind, value
    if kind is tuple or kind is list:
        return kind, tuple(_hyper(v, numbers, first) for v in value)
    raise _Ineligible  # a Tensor lr, an object: its value is not part of the program's key


def _gather(optimizer) -> tuple[tuple, list, list, list]:
    """The step's structure key, the nodes (parameter, gradient, state tensors of each
    parameter with a gradient) whose current values a replay feeds, those values, and the
    numeric hyperparameters in key order (the values a replay feeds as the numbers' inputs)."""
    key: list = []
    nodes: list = []
    numbers: list = []
    first: dict = {}
    state = optimizer.state
    for group in optimizer.param_groups:
        key.append(tuple([(name, _hyper(v, numbers, first)) for name, v in group.items() if name != "params"]))
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                key.append(None)
                continue
            node = p.node
            nodes.append(node)
            nodes.append(grad.node)
            entries = state.get(p)
            if entries:
                for v in entries.values():
                    if not isinstance(v, Tensor):
                        raise _Ineligible
                    nodes.append(v.node)
                key.append((node, tuple(entries)))
            else:
                key.append((node, ()))
    values = [n.value for n in nodes]
    for v in values:
        if type(v) is _ARRAY:  # the same shape and dtype objects, read from the aval (a third of the cost)
            aval = v.aval
            key.append((aval.shape, aval.dtype))
        elif v is None or isinstance(v, tuple):
            raise _Ineligible  # deferred (or a multi-output op's tuple): the step's Python decides
        else:
            key.append((v.shape, v.dtype))
    return tuple(key), nodes, values, numbers


_CHEAP_COMPILE = donation.CHEAP_COMPILE  # seconds: a cold compile this cheap is paid at once
_SAVED_PER_BYTE = donation.SAVED_PER_BYTE  # seconds a step saves per donated byte


def _cold_seconds(before: "tuple | None") -> float:
    """The seconds the recorded step spent compiling from scratch since ``before`` (a
    ``core.cache.compile_clock()``); see ``core.cache.cold_seconds``."""
    return compile_cache.cold_seconds(before)


class _Plan:
    """The recorded program, what feeds each of its inputs, and where its results go."""

    __slots__ = ("prepared", "template", "slots", "fed", "targets", "pinned", "donated", "_last", "_placed",
                 "donor", "_indexes")

    def __init__(self, prepared, template: list, slots: tuple, fed: tuple, targets: tuple, pinned,
                 donated: tuple = ()):
        self.prepared = prepared
        self.template = template  # input values: the fixed numbers (on the device), None for the fed ones
        self.slots = slots  # (input position, index of the gathered node feeding it)
        self.fed = fed  # (input position, index of the hyperparameter number feeding it)
        self.targets = targets  # (index of the gathered node written, index of the result written there)
        self.pinned = pinned  # None, or the numbers the program holds fixed (one of them had no known origin)
        self.donated = donated  # (input position, gathered node index) of the buffers a replay may donate
        self._last: tuple | None = None  # the fed numbers of the last replay, and them on the device
        self._placed: list = []
        self._indexes = tuple(index for _, index in donated)
        result_of = dict(targets)
        self.donor = donation.Donor(tuple((position, result_of[index]) for position, index in donated)) \
            if donated else None

    @property
    def _wait(self) -> int:
        """Replays left before the first donating one (see ``adopt``)."""
        return self.donor.wait if self.donor is not None else 0

    def adopt(self, nodes: list, values: list, numbers: list, compiled: float) -> None:
        """Own the recorded step's results (the first replay may donate them: the executable made
        them, unless one is an input passed through) and decide when donating starts paying.

        The donating executable is a second compilation of the program. Where the recorded one
        was read from the persistent cache or known already (``compiled`` 0), the first replay
        pays it (a read from the cache, likely). After a cold compile (``compiled`` seconds, a
        large part of a short script's time) replays run without donating until they have lost
        what the twin's compile costs (``core.donation.payback_wait``: rent, then buy)."""
        gathered = set(nodes)  # (their values now are the step's results; ``values`` holds those before)
        inputs = {id(v) for v in values} | {id(n.value) for n in self.prepared.inputs if n not in gathered}
        self.donor.wrote([nodes[index].value if id(nodes[index].value) not in inputs else None
                          for index in self._indexes])
        inputs = self._inputs(values, numbers)
        if compiled > _CHEAP_COMPILE and not self.prepared.compiled(inputs, self.donor.donate):
            nbytes = sum(values[index].nbytes for index in self._indexes)
            self.donor.wait = donation.payback_wait(compiled, nbytes, _CHEAP_COMPILE, _SAVED_PER_BYTE)

    def _unshared(self, values: list) -> bool:
        """Whether every donatable input is this plan's last output and read by nothing else (see
        ``core.donation``): the node holding it and ``values`` are its only references."""
        return self.donor.unshared(values, self._indexes)

    def accepts(self, numbers: list) -> bool:
        """Whether this program computes the step with these hyperparameter numbers."""
        return self.pinned is None or self.pinned == tuple(numbers)

    def _inputs(self, values: list, numbers: list) -> list:
        inputs = self.template.copy()
        for position, index in self.slots:
            inputs[position] = values[index]
        if self.fed:
            current = tuple([numbers[i] for _, i in self.fed])
            if current != self._last:  # a scheduler's new lr: the same program, fed the new number
                self._placed = _placed(values[0], current)
                self._last = current
            for (position, _), placed in zip(self.fed, self._placed):
                inputs[position] = placed
        return inputs

    def run(self, nodes: list, values: list, numbers: list) -> None:
        donate = ()
        donor = self.donor
        if donor is not None:
            if donor.wait:
                donor.wait -= 1
            elif self._unshared(values):  # before ``inputs`` holds the values too
                donate = donor.donate
        results = self.prepared.run_values(self._inputs(values, numbers), placed=True, donate=donate)
        for index, result in self.targets:
            nodes[index].value = results[result]
        if donor is not None:
            donor.wrote([nodes[index].value for index in self._indexes])


def _placed(param, numbers: tuple) -> list:
    """New hyperparameter numbers as the device scalars ``on_device`` makes (weakly typed, where
    the parameters are). Parameters not committed to a device (the default device) take the
    cheaper ``jnp.asarray`` (a third of ``device_put``'s cost for a Python float, the same
    array); the transfer is the step's own, allowed under a transfer guard as ``device_put`` is."""
    if isinstance(param, jax.Array) and not param.committed:
        with jax.transfer_guard_host_to_device("allow"):
            return [jnp.asarray(v) for v in numbers]
    return list(on_device([param, *numbers]))[1:]


def _plan(observer, nodes: list, values: list, numbers: list, compiled: float = 0.0) -> "_Plan | None":
    """The replay plan of a recorded step, or None when some input or write has no known origin.

    A number input is fed from the float hyperparameter of its value (the update rules pass
    hyperparameters to their kernels as they are, or ``float()`` of them); the key holds
    which hyperparameters are equal, so that one stays the input's origin. A float input
    equal to no hyperparameter (a number the rule derived) pins the plan to these values.
    ``values``: the gathered values before the step; ``compiled``: the seconds the recorded step
    spent compiling cold (what its donating twin will cost, see ``_Plan.adopt``)."""
    if len(observer.runs) != 1 or observer.reads or observer.checks:
        return None
    prepared, fetches, writes, _ = observer.runs[0]
    if set(map(id, fetches)) != set(map(id, writes.values())):
        return None  # the step computed a tensor it did not write back (made new state)
    where: dict = {}
    for i, node in enumerate(nodes):
        where.setdefault(node, i)
    origin: dict = {}
    for i, v in enumerate(numbers):
        origin.setdefault(v, i)
    template, slots, fed = [], [], []
    pinned = None
    for position, node in enumerate(prepared.inputs):
        if node in where:
            slots.append((position, where[node]))
            template.append(None)
        elif type(node) is core.Scalar and type(node.value) in _NUMBERS:
            value = node.value
            index = origin.get(value) if type(value) is float else None
            if index is not None and type(numbers[index]) is float:
                fed.append((position, index))  # a float hyperparameter: the replay feeds its value
                template.append(None)
                continue
            if type(value) is float and value == value and value != 0.0 and value not in _INFINITE:
                pinned = tuple(numbers)  # derived from the hyperparameters, or equal to an int one
            template.append(value)  # a number fixed by the key
        else:
            return None
    placed = on_device([nodes[0].value if v is None else v for v in template])  # the numbers go where the params are
    template = [None if v is None else placed[i] for i, v in enumerate(template)]
    result_of = {id(node): i for i, node in enumerate(fetches)}
    targets = []
    for target, source in writes.items():
        if target not in where:
            return None
        targets.append((where[target], result_of[id(source)]))
    plan = _Plan(prepared, template, tuple(slots), tuple(fed), tuple(targets), pinned,
                 _donatable(prepared, fetches, slots, targets))
    if plan.donated:
        plan.adopt(nodes, values, numbers, compiled)
    return plan


def _donatable(prepared, fetches: list, slots: list, targets: list) -> tuple:
    """The inputs whose buffers a replay may give the program: a parameter or state tensor that
    the step overwrites with a result written nowhere else (the same shape and dtype, the step's
    key says, so XLA can write the result into it). The results must be the program's outputs
    as they are (no state cell's effect in between)."""
    if not DONATE or not prepared.program.eqns or any(isinstance(f, core.Effect) for f in fetches):
        return ()
    uses: dict = {}
    for _, result in targets:
        uses[result] = uses.get(result, 0) + 1
    written = {index for index, result in targets if uses[result] == 1}
    return tuple((position, index) for position, index in slots if index in written)


def _replayable(cls: type, cache: dict = {}) -> bool:  # noqa: B006 - a per-class memo
    """Whether ``cls``'s update is one of gradcompat's rules (a user's ``_update`` or
    ``_group_step`` may run Python that must run at every step)."""
    known = cache.get(cls)
    if known is None:
        from .optimizer import Optimizer
        known = cache[cls] = (cls._group_step is Optimizer._group_step
                              and getattr(cls._update, "__module__", "").startswith(__package__ + "."))
    return known


def step(optimizer, run_python) -> None:
    """Apply one eager step: the recorded program of this structure, or ``run_python()`` (the
    update rules under lazy mode, ending with a sync), recorded for the next steps."""
    if core.lazy.active() or not _replayable(type(optimizer)):
        run_python()
        return
    try:
        plans = _PLANS.get(optimizer)
        if plans is None:
            plans = _PLANS[optimizer] = _Plans()
        if plans.paused:
            plans.paused -= 1
            run_python()
            return
        key, nodes, values, numbers = _gather(optimizer)
    except (_Ineligible, TypeError):  # TypeError: an unhashable optimizer or hyperparameter
        run_python()
        return
    plan = plans.get(key)
    if plan is not None and plan is not _NO_PLAN and plan.accepts(numbers):
        plans.recorded = 0
        plan.run(nodes, values, numbers)
        return
    compiled_before = compile_cache.compile_clock() if plan is None else None
    with core.lazy.observe() as seen:
        run_python()
    if plan is _NO_PLAN:
        return
    try:
        after = _gather(optimizer)[0]
    except (_Ineligible, TypeError):
        return
    if after == key:  # a step that made state (the first) has another structure than the next ones
        if len(plans) >= _PLANS_KEPT:
            plans.clear()
        plans[key] = _plan(seen, nodes, values, numbers, _cold_seconds(compiled_before)) or _NO_PLAN
        plans.recorded += 1
        if plans.recorded >= _GIVE_UP:
            plans.recorded, plans.paused = 0, _PAUSE
