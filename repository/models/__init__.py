"""Page types of the record tree, one module per record family."""

from repository.models.home import HomePage

__all__ = ["HomePage"]
