"""Dialect-free layer kernels shared by the dialects: recurrent cells and scans, attention,
convolutions, normalization. Pure JAX functions of arrays; each dialect chooses its weight
layouts, names, defaults and errors and calls these through core ops."""
