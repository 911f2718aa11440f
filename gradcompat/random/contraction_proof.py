"""Proof that no FMA contraction can change TF's Box-Muller bits in the XLA kernels.

XLA contracts ``a * b + c`` into a fused multiply-add where its backend likes (always on this
CPU, measured; GPUs fuse aggressively too), and which of the multiply-adds it fuses is not
under our control. The glibc ``logf`` / ``sincosf`` steps of ``xla_tf`` are float64 table and
polynomial evaluations with 5 and 8 multiply-adds; Box-Muller only ever passes 2**23 distinct
arguments to each (``u1 = max(m * 2**-23, 1e-7)`` and ``v = float32(2 pi m 2**-23)``, m < 2**23).
This module evaluates every one of the 2**5 fusion patterns of ``logf`` and every pattern of
the sine (4 sites) and cosine (5 sites) halves of ``sincosf`` on all those arguments (an exact
``fma64`` for the fused sites) and checks that all give the unfused float32 results: so the
float32 values are the same whichever multiply-adds a compiler fuses. (The sine half of
``sincosf`` depends on the sites 0, 2, 4, 6 only, the cosine half on 0, 1, 3, 5, 7.) The
other float steps of the kernels have no multiply feeding an add, or an exact one
(``tf_philox_xla``'s docstring).

Run ``python -m gradcompat.random.contraction_proof`` (a few minutes); the tests run it on a
sample of the arguments.
"""
from __future__ import annotations

import itertools
import sys

import numpy as np

from . import glibc_f32 as g

LOGF_SITES = 5
SIN_SITES, COS_SITES = (0, 2, 4, 6), (0, 1, 3, 5, 7)


def logf_arguments(m: np.ndarray) -> np.ndarray:
    """``u1`` of Box-Muller for mantissas ``m``: ``max(m * 2**-23, 1e-7)`` in float32."""
    return np.maximum((m.astype(np.float64) * 2.0 ** -23).astype(np.float32), np.float32(1e-7))


def sincosf_arguments(m: np.ndarray) -> np.ndarray:
    """``v1`` of Box-Muller for mantissas ``m``: ``float32(2 pi * m * 2**-23)``."""
    return (2.0 * np.pi * (m.astype(np.float64) * 2.0 ** -23)).astype(np.float32)


def _patterns(sites: tuple[int, ...], total: int):
    for bits in itertools.product((False, True), repeat=len(sites)):
        flags = [False] * total
        for site, bit in zip(sites, bits):
            flags[site] = bit
        yield flags


def check(m: np.ndarray) -> list[str]:
    """The fusion patterns whose float32 results differ from the unfused ones on mantissas ``m``
    (empty: contraction cannot change a bit there)."""
    bad = []
    u = logf_arguments(m)
    ref = g.logf(u, fused=False)
    for flags in _patterns(tuple(range(LOGF_SITES)), LOGF_SITES):
        if g.logf(u, fused=flags).tobytes() != ref.tobytes():
            bad.append(f"logf {flags}")
    v = sincosf_arguments(m)
    ref_s, ref_c = g.sincosf(v, fused=False)
    for name, sites in (("sin", SIN_SITES), ("cos", COS_SITES)):
        for flags in _patterns(sites, 8):
            s, c = g.sincosf(v, fused=flags)
            # sin and cos trade places by quadrant: compare both (the other half is unfused)
            if s.tobytes() != ref_s.tobytes() or c.tobytes() != ref_c.tobytes():
                bad.append(f"sincosf {name} {flags}")
    return bad


def main(chunk: int = 1 << 19) -> int:
    bad: set[str] = set()
    for start in range(0, 1 << 23, chunk):
        bad.update(check(np.arange(start, start + chunk, dtype=np.uint32)))
        print(f"{start + chunk} of {1 << 23} arguments: {len(bad)} patterns differ", flush=True)
    print("every fusion pattern gives the unfused bits" if not bad else sorted(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
