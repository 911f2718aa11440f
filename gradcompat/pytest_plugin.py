"""A pytest plugin that turns a user's own tests into a cross-framework equivalence suite.

Installed with gradcompat (entry point ``pytest11``), it offers the fixtures ``torch``,
``tf`` and ``mindspore``: a test that asks for one of them runs with the gradcompat dialect
and, under ``pytest --gradcompat-real``, a second time with the real framework (skipped
where that framework cannot be imported). ``crosscheck(name, value)`` records a value (a
tensor, a gradient, a list or dict of them) in each run; the run that completes a pair
compares the two with :func:`gradcompat.testing.assert_grads_close` and fails on a
difference::

    def test_tanh_grad(torch, crosscheck):
        x = torch.tensor([0.5, -1.0], requires_grad=True)
        torch.tanh(x).sum().backward()
        crosscheck("x.grad", x.grad)
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

import pytest

from .testing import assert_grads_close, to_numpy

# fixture name -> the framework's module name (the dialect is gradcompat.<module name>)
FRAMEWORKS = {"torch": "torch", "tf": "tensorflow", "mindspore": "mindspore"}
_RECORDED = pytest.StashKey[dict]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gradcompat")
    group.addoption("--gradcompat-real", action="store_true", default=False,
                    help="also run tests that use the torch / tf / mindspore fixtures with the real "
                         "frameworks, and compare what they crosscheck()")
    group.addoption("--gradcompat-rtol", type=float, default=1e-5, help="crosscheck's relative tolerance")
    group.addoption("--gradcompat-atol", type=float, default=1e-6, help="crosscheck's absolute tolerance")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RECORDED] = {}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    backends = ["gradcompat", "real"] if metafunc.config.getoption("gradcompat_real") else ["gradcompat"]
    parametrized = {name for marker in metafunc.definition.iter_markers("parametrize")
                    for name in _argnames(marker.args[0])}
    for fixture in FRAMEWORKS:
        if fixture in metafunc.fixturenames and fixture not in parametrized:
            metafunc.parametrize(fixture, backends, indirect=True, ids=[f"{fixture}-{b}" for b in backends])


def _argnames(names: Any) -> list[str]:
    return [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)


def _framework(request: pytest.FixtureRequest, fixture: str):
    backend = getattr(request, "param", "gradcompat")
    module = FRAMEWORKS[fixture]
    if backend == "gradcompat":
        return importlib.import_module(f"gradcompat.{module}")
    try:
        real = importlib.import_module(module)
    except Exception as error:  # not installed, or not importable beside JAX (MindSpore wants numpy<2)
        pytest.skip(f"the real {module} cannot be imported here: {type(error).__name__}: {error}")
    if getattr(real, "__file__", None) is None:  # a namespace package: a directory named like it
        pytest.skip(f"the real {module} is not installed ({module!r} is a namespace package here)")
    return real


@pytest.fixture
def torch(request: pytest.FixtureRequest):
    """``gradcompat.torch``, or the real ``torch`` in the ``--gradcompat-real`` run."""
    return _framework(request, "torch")


@pytest.fixture
def tf(request: pytest.FixtureRequest):
    """``gradcompat.tensorflow``, or the real ``tensorflow`` in the ``--gradcompat-real`` run."""
    return _framework(request, "tf")


@pytest.fixture
def mindspore(request: pytest.FixtureRequest):
    """``gradcompat.mindspore``, or the real ``mindspore`` in the ``--gradcompat-real`` run."""
    return _framework(request, "mindspore")


def _pair_key(item: pytest.Item) -> tuple[str, str]:
    """The test's id with the backend left out, and the backend of this run."""
    params = dict(getattr(item, "callspec", None).params) if hasattr(item, "callspec") else {}
    backends = {params.pop(name) for name in FRAMEWORKS if name in params}
    backend = "real" if "real" in backends else "gradcompat"
    return f"{item.path}::{item.originalname}[{sorted(params.items())!r}]", backend


@pytest.fixture
def crosscheck(request: pytest.FixtureRequest) -> Callable[[str, Any], None]:
    """``crosscheck(name, value)``: record ``value``; once both backends recorded ``name`` for
    this test, assert they are close (rtol/atol from ``--gradcompat-rtol/-atol``)."""
    recorded = request.config.stash[_RECORDED]
    test, backend = _pair_key(request.node)
    rtol = request.config.getoption("gradcompat_rtol")
    atol = request.config.getoption("gradcompat_atol")

    def check(name: str, value: Any) -> None:
        values = recorded.setdefault((test, name), {})
        values[backend] = _snapshot(value)
        if len(values) == 2:
            assert_grads_close({name: values["gradcompat"]}, {name: values["real"]}, rtol=rtol, atol=atol)

    return check


def _snapshot(value: Any) -> Any:
    """NumPy copies, so the record cannot change after the test (in-place updates, .grad)."""
    if isinstance(value, dict):
        return {key: _snapshot(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_snapshot(item) for item in value]
    return None if value is None else to_numpy(value).copy()
