"""TensorFlow's checkpoints in TensorFlow's own format: the tensor bundle (``.index`` +
``.data-00000-of-00001``), the ``checkpoint`` state file, TF1's ``Saver`` and TF2's
object-based ``tf.train.Checkpoint`` / ``CheckpointManager``."""
