"""Live differential tests need the real PyTorch (``pip install torch==2.13.0``); they are
skipped without it. Hypothesis runs derandomized (the same examples every run, so CI is
stable); set ``GRADCOMPAT_LIVE_EXPLORE=1`` to draw fresh examples and explore."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "live", max_examples=int(os.environ.get("GRADCOMPAT_LIVE_EXAMPLES", "50")), deadline=None,
    derandomize=not os.environ.get("GRADCOMPAT_LIVE_EXPLORE"), database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.load_profile("live")


def pytest_configure(config):
    # shrinking a random graph is slow (each example runs JAX ops); opt in to it
    if not os.environ.get("GRADCOMPAT_LIVE_SHRINK"):
        from hypothesis import Phase
        settings.register_profile("live-noshrink", settings.get_profile("live"),
                                  phases=[Phase.explicit, Phase.reuse, Phase.generate])
        settings.load_profile("live-noshrink")


def pytest_terminal_summary(terminalreporter):
    import sys
    harness = sys.modules.get("live_harness")
    COLLECTED = getattr(harness, "COLLECTED", None)
    if COLLECTED:
        terminalreporter.write_line(f"{len(COLLECTED)} distinct divergences:")
        report = os.environ.get("GRADCOMPAT_LIVE_REPORT")
        with open(report, "w") if report else open(os.devnull, "w") as out:
            for key, (n, message) in sorted(COLLECTED.items(), key=lambda kv: -kv[1][0]):
                terminalreporter.write_line(f"  {n:4d}x {key[:200]}")
                out.write(f"=== {n}x\n{message}\n\n")
