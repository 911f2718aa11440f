"""``tf.errors``: TF's exception classes (``str(e)`` is the message, as in TF)."""
from __future__ import annotations


class OpError(Exception):
    """Base of TF's runtime errors: ``OpError(node_def, op, message)``."""

    def __init__(self, node_def=None, op=None, message: str = "", *args):
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self) -> str:
        return self.message


class CancelledError(OpError): pass  # noqa: E701
class UnknownError(OpError): pass  # noqa: E701
class InvalidArgumentError(OpError): pass  # noqa: E701
class DeadlineExceededError(OpError): pass  # noqa: E701
class NotFoundError(OpError): pass  # noqa: E701
class AlreadyExistsError(OpError): pass  # noqa: E701
class PermissionDeniedError(OpError): pass  # noqa: E701
class ResourceExhaustedError(OpError): pass  # noqa: E701
class FailedPreconditionError(OpError): pass  # noqa: E701
class AbortedError(OpError): pass  # noqa: E701
class OutOfRangeError(OpError): pass  # noqa: E701
class UnimplementedError(OpError): pass  # noqa: E701
class InternalError(OpError): pass  # noqa: E701
class UnavailableError(OpError): pass  # noqa: E701
class DataLossError(OpError): pass  # noqa: E701


class OperatorNotAllowedInGraphError(TypeError):
    """A Python operator (``bool``, iteration) on a symbolic tensor, which a graph cannot run."""
