"""``tf.data``: ``Dataset`` pipelines (sources, batching, shuffling, map, ...) on the dialect-free
``gradcompat.data``; ``tf.data.experimental`` and TF1's ``tf.compat.v1.data`` iterators."""
from types import SimpleNamespace as _Namespace

from .dataset import AUTOTUNE, INFINITE, UNKNOWN, Dataset, DatasetV2  # noqa: F401
from .iterators import Iterator_ as Iterator, make_initializable_iterator, make_one_shot_iterator  # noqa: F401
from .options import Options  # noqa: F401
from .sources import from_generator as _from_generator
from .structure import DatasetSpec  # noqa: F401

DatasetV2.from_generator = staticmethod(_from_generator)  # a source defined beside the stages it feeds

INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN


def _cardinality(dataset):
    """``tf.data.experimental.cardinality(dataset)``."""
    return dataset.cardinality()


def get_output_types(dataset_or_iterator):
    """``tf.compat.v1.data.get_output_types``: the dtypes of the element structure."""
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    """``tf.compat.v1.data.get_output_shapes``: the TensorShapes of the element structure."""
    return dataset_or_iterator.output_shapes


def _get_single_element(dataset):
    """``tf.data.experimental.get_single_element(dataset)``."""
    return dataset.get_single_element()


experimental = _Namespace(AUTOTUNE=AUTOTUNE, INFINITE_CARDINALITY=INFINITE, UNKNOWN_CARDINALITY=UNKNOWN,
                          cardinality=_cardinality, DatasetSpec=DatasetSpec, get_single_element=_get_single_element,
                          sample_from_datasets=Dataset.sample_from_datasets,
                          choose_from_datasets=Dataset.choose_from_datasets)

__all__ = ["AUTOTUNE", "Dataset", "DatasetSpec", "INFINITE_CARDINALITY", "Iterator", "Options",
           "UNKNOWN_CARDINALITY", "experimental", "get_output_shapes", "get_output_types", "make_initializable_iterator", "make_one_shot_iterator"]
