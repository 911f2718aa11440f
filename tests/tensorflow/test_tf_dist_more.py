"""TF's device names in a multi-process job (``gradcompat run --nproc-per-node 2``): JAX's
``jax.devices()`` then lists every process's devices, but TF numbers only this process's, so
``tf.device("/CPU:0")``, ``tf.config`` and a MirroredStrategy use the worker's local devices
(rank 1 placing on rank 0's CPU could not read its own values back)."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

WORKER = """
import os
import jax
import tensorflow as tf
assert len(jax.devices()) == 2 and len(jax.local_devices()) == 1, (jax.devices(), jax.local_devices())
with tf.device("/CPU:0"):
    x = tf.constant([1.0, 2.0]) * 2
strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
print("rank", os.environ["RANK"], x.numpy().tolist(), strategy.num_replicas_in_sync,
      [d.device_type for d in tf.config.list_physical_devices()],
      strategy.jax_devices() == jax.local_devices()[:1], flush=True)
"""


def test_tf_devices_are_the_process_local_ones(tmp_path):
    script = tmp_path / "tf_devices.py"
    script.write_text(WORKER)
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "--nproc-per-node", "2", str(script)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT, env=dict(os.environ))
    errors = "\n".join(line for line in done.stderr.splitlines() if not line.startswith(("W1", "I1", "E1")))
    assert done.returncode == 0, errors[-3000:]
    assert sorted(done.stdout.splitlines()) == [f"rank {r} [2.0, 4.0] 1 ['CPU'] True" for r in (0, 1)], done.stdout
