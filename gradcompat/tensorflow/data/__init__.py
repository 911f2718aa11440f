"""``tf.data``: ``Dataset`` pipelines (sources, batching, shuffling, map, ...) on the dialect-free
``gradcompat.data``; ``tf.data.experimental`` and TF1's ``tf.compat.v1.data`` iterators."""
from types import SimpleNamespace as _Namespace

from .dataset import AUTOTUNE, INFINITE, UNKNOWN, Dataset, DatasetV2  # noqa: F401
from .iterators import Iterator_ as Iterator, make_initializable_iterator, make_one_shot_iterator  # noqa: F401
from .options import Options  # noqa: F401
from .structure import DatasetSpec  # noqa: F401

INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN


def _cardinality(dataset):
    """``tf.data.experimental.cardinality(dataset)``."""
    return dataset.cardinality()


experimental = _Namespace(AUTOTUNE=AUTOTUNE, INFINITE_CARDINALITY=INFINITE, UNKNOWN_CARDINALITY=UNKNOWN,
                          cardinality=_cardinality, DatasetSpec=DatasetSpec)

__all__ = ["AUTOTUNE", "Dataset", "DatasetSpec", "INFINITE_CARDINALITY", "Iterator", "Options",
           "UNKNOWN_CARDINALITY", "experimental", "make_initializable_iterator", "make_one_shot_iterator"]
