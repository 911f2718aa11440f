"""``torch.utils.data.get_worker_info``: the worker's ``WorkerInfo`` (id, num_workers, seed,
dataset) inside a DataLoader worker process, None in the main process."""
from ..... import data as _data

WorkerInfo = _data.WorkerInfo
get_worker_info = _data.get_worker_info
