"""File formats the frameworks' checkpoints are made of, dialect-free: the protobuf wire
format, CRC-32C, and LevelDB's sorted-table layout (TensorFlow's checkpoint index)."""
