"""The kinds of failure the domain and the use cases speak of; the API maps each kind to HTTP."""


class DomainError(Exception):
    """A request broke a rule of the domain; the message is meant for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolation(DomainError):
    """The request asks for something the rules forbid."""


class NotFound(DomainError):
    """The request names something that does not exist."""


class Conflict(DomainError):
    """The request clashes with the current state."""


class DependencyUnavailable(DomainError):
    """Something the service depends on did not answer usably; trying again later may work.

    retry_after: the seconds the dependency asked to wait, when it said (Retry-After in HTTP).
    """

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
