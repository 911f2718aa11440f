"""Importing a dialect must not start JAX's XLA client: DataLoader / dataset worker processes
are forked from a server that has imported the dialect, and a client started before the fork
leaves its thread pools behind (a worker then hangs in its first compile or cache read)."""
import subprocess
import sys

import pytest

CHECK = ("import gradcompat.{dialect}\n"
         "from jax._src import xla_bridge\n"
         "assert not xla_bridge._backends, sorted(xla_bridge._backends)\n")


@pytest.mark.parametrize("dialect", ["torch", "tensorflow", "mindspore"])
def test_import_starts_no_xla_client(dialect):
    done = subprocess.run([sys.executable, "-c", CHECK.format(dialect=dialect)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
