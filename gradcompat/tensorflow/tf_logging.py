"""The ``tensorflow`` Python logger, printing as TF's does (``WARNING:tensorflow:<message>``
on stderr) for the warnings TF logs rather than raises through ``warnings``."""
from __future__ import annotations

import logging

logger = logging.getLogger("tensorflow")
if not logger.handlers:  # TF installs the same handler on first use of its logger
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT))
    logger.addHandler(_handler)
    logger.propagate = False
