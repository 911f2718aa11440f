"""DataLoader worker processes end with the program that started them, as torch's do: after the
main process is killed (or leaves by ``os._exit``, skipping its clean-up) while workers are in
the middle of long fetches, the workers and the forkserver they came from are gone at once,
instead of finishing the fetches queued for them first."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import multiprocessing.forkserver
    import os
    import signal
    import sys
    import time

    import gradcompat.torch as torch
    from gradcompat.torch.utils.data import DataLoader, Dataset


    class Slow(Dataset):
        # the first batch comes at once; every later item takes a minute
        def __len__(self):
            return 64

        def __getitem__(self, i):
            if i >= 2:
                time.sleep(60)
            return torch.tensor([float(i)])


    if __name__ == "__main__":
        it = iter(DataLoader(Slow(), batch_size=2, num_workers=2))
        next(it)
        time.sleep(0.5)  # the workers are now inside their minute-long fetches
        server = multiprocessing.forkserver._forkserver._forkserver_pid
        print(" ".join(str(p) for p in [server, *(w.pid for w in it._workers)]), flush=True)
        if sys.argv[1] == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(0)
""")


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its reaper does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the forkserver is Linux's default here")
@pytest.mark.parametrize("how", ["kill", "os_exit"])
def test_workers_and_forkserver_end_with_the_program(tmp_path, how):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:  # files: a pipe would wait for the workers
        subprocess.run([sys.executable, str(script), how], stdout=stdout, stderr=stderr, env=env, timeout=120)
    pids = [int(p) for p in out.read_text().split()]
    assert len(pids) == 3, err.read_text()[-3000:]
    deadline = time.monotonic() + 5.0
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in pids if _running(p)]
    for p in left:  # clean up what this test started before failing
        os.kill(p, signal.SIGKILL)
    assert not left, f"still running after the program ended: {left} (forkserver, workers: {pids})"
