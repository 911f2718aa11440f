"""``mindspore.dataset``: MindSpore 2.x's input pipelines on ``gradcompat.data``.

Sources: ``GeneratorDataset``, ``NumpySlicesDataset``, ``MnistDataset``, ``Cifar10Dataset``;
operations: ``batch``, ``map``, ``shuffle``, ``repeat``, ``project``, ``rename``, ``zip``,
``concat`` (``+``), ``take``, ``skip``, ``filter``; iterators: ``create_tuple_iterator``,
``create_dict_iterator`` (yielding this dialect's Tensors unless ``output_numpy``);
``config``; ``transforms`` and ``vision``. See ``datasets.py`` for what differs from MindSpore.
"""
from __future__ import annotations

from . import config  # noqa: F401
from .datasets import (BatchDataset, BatchInfo, ConcatDataset, Dataset, FilterDataset, MapDataset, ProjectDataset,
                       RenameDataset, RepeatDataset, ShuffleDataset, SkipDataset, TakeDataset, ZipDataset, zip)
from .iterators import DictIterator, TupleIterator
from .sources import GeneratorDataset, MappableDataset, NumpySlicesDataset, SourceDataset
from . import transforms, vision  # noqa: E402,F401
from .vision_sources import Cifar10Dataset, MnistDataset
from .samplers import (BuiltinSampler, DistributedSampler, RandomSampler, Sampler, SequentialSampler,
                       SubsetRandomSampler, SubsetSampler, WeightedRandomSampler)

__all__ = ["BatchDataset", "BatchInfo", "BuiltinSampler", "Cifar10Dataset", "ConcatDataset", "Dataset",
           "DictIterator", "DistributedSampler", "FilterDataset", "GeneratorDataset", "MapDataset", "MappableDataset",
           "MnistDataset", "NumpySlicesDataset", "ProjectDataset", "RandomSampler", "RenameDataset", "RepeatDataset",
           "Sampler", "SequentialSampler", "ShuffleDataset", "SkipDataset", "SourceDataset", "SubsetRandomSampler", "WeightedRandomSampler",
           "SubsetSampler", "TakeDataset", "TupleIterator", "ZipDataset", "config", "transforms", "vision", "zip"]
