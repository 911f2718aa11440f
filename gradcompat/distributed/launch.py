"""The launcher behind ``gradcompat run --nproc-per-node N script.py``: torchrun's flags and
environment, N worker processes on this node, and fail-fast supervision.

Each worker runs ``python -m gradcompat.cli run ...`` with torchrun's variables (RANK,
LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, ROLE_*, MASTER_ADDR, MASTER_PORT,
TORCHELASTIC_*, a TORCHELASTIC_ERROR_FILE each for ``@record``); the worker starts JAX's distributed runtime before the script (JAX must start
it before any computation). When a worker fails or is killed, the others get SIGTERM (then
SIGKILL), a summary in torchrun's layout names the first failure, and the launcher exits 1.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Sequence

# set by the launcher in each worker: the worker starts the runtime before the script
LAUNCHED_ENV = "GRADCOMPAT_DISTRIBUTED_LAUNCH"


@dataclass
class LaunchConfig:
    """torchrun's options that the launcher honours."""

    nproc_per_node: int = 1
    nnodes: int = 1
    node_rank: int = 0
    master_addr: str = "127.0.0.1"
    master_port: int | None = None
    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    max_restarts: int = 0
    stop_grace_s: float = 5.0
    log_dir: str | None = None  # msrun's --log_dir: each worker's output in worker_<rank>.log there


def free_port() -> int:
    """A port nobody listens on now (torchrun picks one for a single node without --master-port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("", 0))
        return sock.getsockname()[1]


def worker_env(config: LaunchConfig, local_rank: int, base: dict | None = None) -> dict:
    """torchrun's environment for the worker ``local_rank`` of this node."""
    env = dict(os.environ if base is None else base)
    world = config.nproc_per_node * config.nnodes
    rank = config.node_rank * config.nproc_per_node + local_rank
    env.update({
        "RANK": str(rank), "LOCAL_RANK": str(local_rank), "WORLD_SIZE": str(world),
        "LOCAL_WORLD_SIZE": str(config.nproc_per_node), "GROUP_RANK": str(config.node_rank),
        "GROUP_WORLD_SIZE": str(config.nnodes), "ROLE_NAME": "default", "ROLE_RANK": str(rank),
        "ROLE_WORLD_SIZE": str(world), "MASTER_ADDR": config.master_addr, "MASTER_PORT": str(config.master_port),
        "TORCHELASTIC_RUN_ID": config.run_id, "TORCHELASTIC_RESTART_COUNT": "0",
        "TORCHELASTIC_MAX_RESTARTS": str(config.max_restarts), "TORCHELASTIC_USE_AGENT_STORE": "False",
        "TORCHELASTIC_SIGNALS_TO_HANDLE": "SIGTERM,SIGINT,SIGHUP,SIGQUIT",
        "TORCH_NCCL_ASYNC_ERROR_HANDLING": "1", LAUNCHED_ENV: "1",
        # msrun's, for MindSpore scripts that read them
        "MS_WORKER_NUM": str(world), "MS_NODE_ID": str(rank), "MS_ROLE": "MS_WORKER", "RANK_ID": str(rank),
        "RANK_SIZE": str(world), "DEVICE_ID": str(local_rank), "MS_SCHED_HOST": config.master_addr,
        "MS_SCHED_PORT": str(config.master_port),
    })
    if config.nproc_per_node > 1 and "OMP_NUM_THREADS" not in (base if base is not None else os.environ):
        env["OMP_NUM_THREADS"] = "1"
        if "xla_cpu_multi_thread_eigen" not in env.get("XLA_FLAGS", ""):
            # torchrun's one thread per worker, for XLA's CPU pool too (workers share the cores)
            env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
    return env


@dataclass
class _Failure:
    rank: int
    local_rank: int
    exitcode: int
    pid: int
    when: str
    error_file: str | None = None


def _exit_text(code: int) -> str:
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


def _summary(program: str, failures: list[_Failure]) -> str:
    """torchrun's ChildFailedError report: the root cause (first failure) and the others."""
    host = socket.gethostname()
    line, thin = "=" * 60, "-" * 60

    def entry(i: int, f: _Failure) -> str:
        trace = (f"Signal {-f.exitcode} ({signal.Signals(-f.exitcode).name}) received by PID {f.pid}"
                 if f.exitcode < 0 else _recorded(f.error_file) or "see the worker's traceback above")
        where = f"  error_file: {f.error_file}\n" if f.error_file and os.path.isfile(f.error_file) else ""
        return (f"[{i}]:\n  time      : {f.when}\n  host      : {host}\n  rank      : {f.rank} "
                f"(local_rank: {f.local_rank})\n  exitcode  : {_exit_text(f.exitcode)} (pid: {f.pid})\n"
                f"{where}  traceback : {trace}")
    others = "\n".join(entry(i + 1, f) for i, f in enumerate(failures[1:])) or "  <NO_OTHER_FAILURES>"
    return (f"gradcompat.distributed.launch: ChildFailedError:\n{line}\n{program} FAILED\n{thin}\nFailures:\n"
            f"{others}\n{thin}\nRoot Cause (first observed failure):\n{entry(0, failures[0])}\n{line}")


def _recorded(error_file: str | None) -> str | None:
    """The traceback a worker's ``@record`` wrote to its error file (torch's JSON), indented as
    torchrun shows it; None when there is none."""
    if not error_file or not os.path.isfile(error_file):
        return None
    try:
        with open(error_file) as fp:
            message = json.load(fp).get("message")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(message, dict):
        message = message.get("extraInfo", {}).get("py_callstack", message.get("message", "<N/A>"))
    return str(message).replace("\n", "\n  ")


def error_files(config: LaunchConfig, root: str) -> dict[int, str]:
    """torchrun's per-worker ``TORCHELASTIC_ERROR_FILE``: ``<root>/<run_id>_<random>/attempt_0/
    <local_rank>/error.json`` (the folders made, the files left to the workers' ``@record``)."""
    run_dir = tempfile.mkdtemp(prefix=f"{config.run_id}_", dir=root)
    files = {}
    for local in range(config.nproc_per_node):
        folder = os.path.join(run_dir, "attempt_0", str(local))
        os.makedirs(folder, exist_ok=True)
        files[local] = os.path.join(folder, "error.json")
    return files


def _stop(procs: dict, grace: float) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch(program: Sequence[str], config: LaunchConfig, *, worker_command: Sequence[str] | None = None,
           stderr=None) -> int:
    """Run ``program`` (what follows ``gradcompat run``: ``script.py args``, ``-m mod``, ``-c
    code``, with ``--tf1`` first if wanted) in ``config.nproc_per_node`` workers of this node.

    Returns 0 when every worker exits 0; otherwise stops the rest and returns 1 after printing
    torchrun's failure summary on ``stderr``."""
    stderr = stderr or sys.stderr
    if config.nproc_per_node < 1:
        raise ValueError(f"--nproc-per-node must be a positive integer, got {config.nproc_per_node}")
    if not 0 <= config.node_rank < config.nnodes:
        raise ValueError(f"--node-rank {config.node_rank} is not in [0, {config.nnodes})")
    if config.master_port is None:
        config.master_port = free_port() if config.nnodes == 1 else 29500
    from .runtime import port_is_free
    if config.node_rank == 0 and not port_is_free(config.master_port):
        # torchrun's agent fails the same way (its TCPStore); no worker is started
        print(f"gradcompat run: error: the server socket has failed to listen on any local network address: "
              f"--master-port {config.master_port} is already in use (EADDRINUSE)", file=stderr)
        return 1
    command = list(worker_command or [sys.executable, "-m", "gradcompat.cli", "run"]) + list(program)
    if config.nproc_per_node > 1:
        print("*" * 41 + "\nSetting OMP_NUM_THREADS environment variable for each process to be 1 in default, "
              "to avoid your system being overloaded, please further tune the variable for optimal "
              "performance in your application as needed.\n" + "*" * 41, file=stderr)
    procs: dict[int, subprocess.Popen] = {}
    previous = {}
    elastic_root = tempfile.mkdtemp(prefix="torchelastic_")
    reply_files = error_files(config, elastic_root)

    def forward(signum, frame):  # the launcher's own SIGTERM/SIGINT go to every worker
        _stop(procs, config.stop_grace_s)
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        previous[sig] = signal.signal(sig, forward)
    try:
        if config.log_dir:
            os.makedirs(config.log_dir, exist_ok=True)
        for local in range(config.nproc_per_node):
            log = None
            if config.log_dir:
                rank = config.node_rank * config.nproc_per_node + local
                log = open(os.path.join(config.log_dir, f"worker_{rank}.log"), "w")  # noqa: SIM115
            with log if log is not None else contextlib.nullcontext():
                env = {**worker_env(config, local), "TORCHELASTIC_ERROR_FILE": reply_files[local]}
                procs[local] = subprocess.Popen(command, env=env, stdout=log,
                                                stderr=subprocess.STDOUT if log is not None else None)
        failures: list[_Failure] = []
        running = dict(procs)
        while running:
            for local, proc in list(running.items()):
                code = proc.poll()
                if code is None:
                    continue
                del running[local]
                if code != 0:
                    failures.append(_Failure(config.node_rank * config.nproc_per_node + local, local, code,
                                             proc.pid, time.strftime("%Y-%m-%d_%H:%M:%S"), reply_files[local]))
            if failures:
                _stop(running, config.stop_grace_s)
                for local, proc in running.items():
                    if proc.returncode != 0:
                        failures.append(_Failure(config.node_rank * config.nproc_per_node + local, local,
                                                 proc.returncode, proc.pid, time.strftime("%Y-%m-%d_%H:%M:%S"),
                                                 reply_files[local]))
                print(_summary(_program_name(program), failures), file=stderr)
                return 1
            time.sleep(0.05)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        shutil.rmtree(elastic_root, ignore_errors=True)


def _program_name(program: Sequence[str]) -> str:
    rest = [a for a in program if a != "--tf1"]
    if rest and rest[0] in ("-m", "-c"):
        return " ".join(rest[:2]) if rest[0] == "-m" else "-c"
    return os.path.basename(rest[0]) if rest else "?"


def start_worker_runtime() -> None:
    """In a worker the launcher started: join the job before the script runs (JAX's runtime
    must start before the first computation). Does nothing outside a launched worker."""
    if not in_worker():
        return
    from . import runtime
    try:
        runtime.initialize_from_env()
        # JAX's runtime takes SIGTERM as a preemption notice; the launcher's SIGTERM means stop
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except runtime.PortInUse as exc:
        print(f"gradcompat run: rank {os.environ.get('RANK')}: the coordinator cannot listen on "
              f"{os.environ.get('MASTER_ADDR')}:{exc.port}: address already in use (EADDRINUSE)", file=sys.stderr)
        worker_exit(1)
    except Exception as exc:  # noqa: BLE001 - any failure to join ends this worker with its reason
        print(f"gradcompat run: rank {os.environ.get('RANK')} could not join the job: {exc}", file=sys.stderr)
        worker_exit(1)


# ----- the command line ------------------------------------------------------------------------

_FLAGS = {"--nproc-per-node": "nproc_per_node", "--nproc_per_node": "nproc_per_node", "--nnodes": "nnodes",
          "--node-rank": "node_rank", "--node_rank": "node_rank", "--master-addr": "master_addr",
          "--master_addr": "master_addr", "--master-port": "master_port", "--master_port": "master_port",
          "--run-id": "run_id", "--run_id": "run_id", "--max-restarts": "max_restarts",
          "--max_restarts": "max_restarts",
          # MindSpore's msrun spells them so (--worker_num is the total over all nodes)
          "--worker_num": "worker_num", "--local_worker_num": "nproc_per_node", "--log_dir": "log_dir"}
_INTS = {"nproc_per_node", "nnodes", "node_rank", "master_port", "max_restarts", "worker_num"}
_MSRUN_ACCEPTED = ("--join", "--cluster_time_out", "--bind_core", "--sim_level")  # no effect here

USAGE = ("launcher options (torchrun's): --nproc-per-node N [--nnodes N --node-rank R --master-addr ADDR "
         "--master-port PORT --run-id ID]")


def main(args: Sequence[str]) -> int | None:
    """``gradcompat run [launcher options] [--tf1] PROGRAM``: launch when a launcher option is
    present (the value separate or after ``=``), else None (the caller runs the program here)."""
    args = list(args)
    values: dict = {}
    forwarded: list[str] = []
    while args and args[0].startswith("-") and args[0] not in ("-m", "-c"):
        option = args.pop(0)
        name, eq, value = option.partition("=")
        if name == "--standalone":  # torchrun's single-node rendezvous: what this launcher does anyway
            values.setdefault("nnodes", 1)
            continue
        if name in _MSRUN_ACCEPTED:
            if not eq and args and not args[0].startswith("-") and not args[0].endswith(".py"):
                args.pop(0)
            continue
        if name not in _FLAGS:
            forwarded.append(option)  # --tf1 and the like travel to the workers
            continue
        if not eq:
            if not args:
                print(f"gradcompat run: error: {name} expects a value\n{USAGE}", file=sys.stderr)
                return 2
            value = args.pop(0)
        key = _FLAGS[name]
        try:
            values[key] = int(value) if key in _INTS else value
        except ValueError:
            print(f"gradcompat run: error: {name}: invalid int value: {value!r}", file=sys.stderr)
            return 2
    if not values:
        return None
    program = forwarded + args
    if not [a for a in program if a != "--tf1"]:
        print(f"gradcompat run: error: a script, -m MODULE or -c CODE is needed\n{USAGE}", file=sys.stderr)
        return 2
    if "worker_num" in values:  # msrun: the total, and per node --local_worker_num (default: all)
        total = values.pop("worker_num")
        local = values.setdefault("nproc_per_node", total)
        if local < 1 or total % local:
            print(f"gradcompat run: error: --worker_num {total} is not a multiple of --local_worker_num {local}",
                  file=sys.stderr)
            return 2
        values["nnodes"] = total // local
    config = LaunchConfig(**values)
    try:
        return launch(program, config)
    except ValueError as exc:
        print(f"gradcompat run: error: {exc}", file=sys.stderr)
        return 2


def in_worker() -> bool:
    return os.environ.get(LAUNCHED_ENV) == "1"


def worker_exit(code) -> int:
    """A launched worker that failed leaves at once: JAX's exit hook would otherwise wait for
    the other ranks at its shutdown barrier while they wait for this one in a collective."""
    if in_worker() and code not in (0, None):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code if isinstance(code, int) else 1)
    return code
