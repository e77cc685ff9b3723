"""Domain errors of the marker package.

Callers (services, forms, the API) catch ``MarkerError`` to turn a refused score or answer into a
message for the user; ``SchemeError`` is the subset caused by a broken scheme or rules file, which
is a deployment problem rather than a user mistake.
"""


class MarkerError(ValueError):
    """A score, criterion or answer that the marker scheme does not allow."""


class SchemeError(MarkerError):
    """A scheme or rules data file that is malformed; the message names the file and field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        super().__init__(f"{source}: {field}: {problem}")
