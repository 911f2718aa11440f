"""``python -m torch.distributed.run`` (torchrun's module) under ``gradcompat run``: the
launcher of ``gradcompat.distributed`` with torchrun's flags; its workers run the script on
gradcompat (``gradcompat run -m torch.distributed.run --nproc-per-node 2 train.py``)."""
from __future__ import annotations

import sys
from typing import Sequence

from ...distributed import launch


def main(args: Sequence[str] | None = None) -> int:
    """torchrun's entry point: launch ``args`` (torchrun's flags, then the script)."""
    args = list(sys.argv[1:] if args is None else args)
    code = launch.main(args)
    if code is None:  # no launcher flag: one worker, as torchrun's default
        code = launch.main(["--nproc-per-node", "1", *args])
    return code


if __name__ == "__main__":
    sys.exit(main())
