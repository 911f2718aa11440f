"""The pytest plugin: a user's test file runs on the dialect and, with --gradcompat-real, on the
real framework too, and crosscheck() compares what both runs recorded."""
import pytest

pytest_plugins = ["pytester"]

USER_TESTS = '''
import pytest

@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_tanh_grad(torch, crosscheck, scale):
    x = torch.tensor([0.5, -1.0], requires_grad=True)
    (scale * torch.tanh(x)).sum().backward()
    crosscheck("x.grad", x.grad)

def test_differs_on_purpose(torch, crosscheck):
    crosscheck("module", torch.tensor([1.0 if torch.__name__.startswith("gradcompat") else 1.5]))

def test_mindspore_dialect(mindspore):
    assert mindspore.__name__ == "gradcompat.mindspore" or mindspore.__name__ == "mindspore"
'''


def test_default_run_uses_the_dialects_only(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*test_tanh_grad?torch-gradcompat-1.0? PASSED*"])
    assert "real" not in result.stdout.str()


def test_real_run_compares_both_and_reports_the_difference(pytester):
    pytest.importorskip("torch")
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-v", "--gradcompat-real", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    # tanh grads agree in both runs of both scale values; the deliberate difference fails the
    # run that completes its pair; the real MindSpore cannot be imported beside JAX's numpy 2
    # (or is absent) and is skipped
    result.stdout.fnmatch_lines(["*test_tanh_grad?torch-real-2.0? PASSED*",
                                 "*test_differs_on_purpose?torch-real? FAILED*",
                                 "*module: shape (1,), max abs err 0.5*"])
    assert outcomes["passed"] == 6 and outcomes["failed"] == 1
    assert outcomes.get("skipped", 0) + outcomes["passed"] + outcomes["failed"] == 8
