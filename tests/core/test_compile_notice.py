"""A compilation that takes long says so on stderr (notebooks should not sit in silence)."""
import jax.numpy as jnp

from gradcompat import core


def _noticed_kernel(x):
    return jnp.tanh(x) * 2


def test_a_compile_past_the_threshold_is_announced_and_timed(capfd):
    core.clear_cache()
    core.set_compile_notice(0)  # every compile counts as long
    try:
        x = jnp.ones(3)
        core.cache.call(_noticed_kernel, (), [x])  # first sight: compiles
        err = capfd.readouterr().err.splitlines()
        assert err[0] == "gradcompat: compiling _noticed_kernel with XLA ..."
        assert err[1].startswith("gradcompat: compiled _noticed_kernel in ") and err[1].endswith(" s")
        core.cache.call(_noticed_kernel, (), [x])  # cached: nothing to say
        assert capfd.readouterr().err == ""
    finally:
        core.set_compile_notice(2.0)


def test_short_compiles_and_a_silenced_notice_say_nothing(capfd):
    core.clear_cache()
    for threshold in (60.0, None):
        core.set_compile_notice(threshold)
        try:
            core.cache.call(_noticed_kernel, (), [jnp.ones(4)])
        finally:
            core.set_compile_notice(2.0)
        core.clear_cache()
    assert capfd.readouterr().err == ""
