"""``torch.utils``: ``data`` (datasets, samplers, DataLoader), ``checkpoint``, ``benchmark``."""
