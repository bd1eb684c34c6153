"""Record changes → the durable index queue.

modelsearch indexes on ``post_save`` itself and only logs an error when the engine is
down, so the update is lost. For record types (every ``RepositoryPage``) the search app
turns that off (``search_auto_update = False``, read by modelsearch when it connects its
handlers) and queues the change instead: saves (edit, publish, unpublish, classification
refresh), deletions and moves — a move changes the tree paths of the whole subtree,
which search filters on. Permission grants need no reindexing: granted subtrees are
applied at query time.
"""

from __future__ import annotations

import contextlib
import threading

from django.db.models.signals import post_delete, post_save
from wagtail.signals import post_page_move

from search import index

_state = threading.local()


@contextlib.contextmanager
def paused():
    """Queue nothing while bulk-loading (benchmarks, imports); rebuild afterwards."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _active() -> bool:
    return not getattr(_state, "paused", False)


def record_models():
    from django.apps import apps

    from repository.models import RepositoryPage

    return [model for model in apps.get_models() if issubclass(model, RepositoryPage)]


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and _active():
        index.enqueue(instance)


def _deleted(sender, instance, **kwargs):
    if _active():
        index.enqueue_deletion(instance)


def _moved(sender, instance, **kwargs):
    from repository.models import RepositoryPage

    if not _active():
        return
    index.enqueue_many(RepositoryPage.objects.filter(path__startswith=instance.path))


def connect() -> None:
    for model in record_models():
        model.search_auto_update = False
        post_save.connect(_saved, sender=model, dispatch_uid=f"wenshu-index-save-{model.__name__}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"wenshu-index-delete-{model.__name__}"
        )
    post_page_move.connect(_moved, dispatch_uid="wenshu-index-move")
