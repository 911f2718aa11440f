"""The benchmark suite as data: the cases of workloads.toml and the contenders of each."""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKLOADS = HERE / "workloads"
REFERENCE = "jax"


@dataclasses.dataclass(frozen=True)
class Contender:
    """One process's way of running a case: which Python, which source, which mode."""

    name: str
    python: Path
    source: Path
    mode: str
    gradcompat: bool = False


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    title: str
    framework: str
    source: str
    reference: str
    modes: tuple[str, ...]
    real_modes: tuple[str, ...]
    steps: int
    quick_steps: int
    calls_per_step: int = 1
    targets: tuple[str, ...] = ()
    quick_skip: tuple[str, ...] = ()

    def contenders(self, jax_python: Path, venvs: Path, quick: bool = False) -> tuple[list[Contender], list[str]]:
        """The contenders to run, and a line for each one skipped (missing environment,
        or too slow to start for ``--quick``)."""
        ref_file, ref_mode = self.reference.split(":")
        found = [Contender(REFERENCE, jax_python, WORKLOADS / ref_file, ref_mode)]
        found += [Contender(f"gradcompat:{mode}", jax_python, WORKLOADS / self.source, mode, True)
                  for mode in self.modes]
        skipped = []
        real_python = venvs / self.framework / "bin" / "python"
        if real_python.exists():
            found += [Contender(f"{self.framework}:{mode}", real_python, WORKLOADS / self.source, mode)
                      for mode in self.real_modes]
        else:
            skipped.append(f"{self.name}: skipped the real {self.framework}: no {real_python}")
        if quick:
            skipped += [f"{self.name}: skipped {c.name} (quick_skip)" for c in found if c.name in self.quick_skip]
            found = [c for c in found if c.name not in self.quick_skip]
        return found, skipped


def load(path: Path = HERE / "workloads.toml") -> list[Case]:
    cases = []
    for entry in tomllib.loads(path.read_text())["case"]:
        entry = dict(entry)
        entry["modes"] = tuple(entry["modes"])
        entry["real_modes"] = tuple(entry.get("real_modes", entry["modes"]))
        entry["targets"] = tuple(entry.get("targets", ()))
        entry["quick_skip"] = tuple(entry.get("quick_skip", ()))
        cases.append(Case(**entry))
    return cases
