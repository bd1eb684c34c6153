"""Synthetic records for the benchmarks, written into the page tree in bulk.

Creating pages one by one through ``add_child`` costs several queries per page (tree
bookkeeping, the parent's ``numchild``, our classification refresh), which is minutes for
100k records. A benchmark corpus is a flat list of leaves under one fresh folder, so the
rows treebeard and Wagtail would write can be computed up front and inserted in
batches: materialised paths are the folder's path plus consecutive steps (what
``add_child`` would give them), ``depth`` and ``url_path`` follow from the folder, and the
folder's ``numchild`` is set once at the end. The tree stays valid for treebeard
(``Page.find_problems()`` finds nothing) and for Wagtail.

Django's ``bulk_create`` refuses multi-table inheritance, so each table of the chain
(``Page`` → ``RepositoryPage`` → ``GenericDocumentPage``) is inserted on its own with the
same primary keys — what ``save()`` does table by table, without a query per row.
"""

from __future__ import annotations

import time
import uuid

BATCH = 2000


def create_records(records: list[tuple[str, str]], *, folder_title: str = "benchmark"):
    """Insert one live, public ``GenericDocumentPage`` per ``(title, body)`` under a new
    folder below the home page; returns their primary keys in ``records`` order and the
    folder (``delete_records`` takes it)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from repository.models import FolderPage, GenericDocumentPage, RepositoryPage
    from repository.services.demo import ensure_home_page
    from search.signals import paused

    home = ensure_home_page()
    with paused():
        folder = home.add_child(
            instance=FolderPage(
                title=folder_title,
                slug=f"bench-{uuid.uuid4().hex[:8]}",
                classification=0,
                live=True,
            )
        )
    content_type = ContentType.objects.get_for_model(GenericDocumentPage)
    locale_id = folder.locale_id or Locale.get_default().pk
    now = timezone.now()
    tables = [Page, RepositoryPage, GenericDocumentPage]
    ids: list[int] = []
    with transaction.atomic():
        for start in range(0, len(records), BATCH):
            pages = []
            for offset, (title, body) in enumerate(records[start : start + BATCH]):
                position = start + offset
                slug = f"r{position}"
                pages.append(
                    GenericDocumentPage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        path=Page._get_path(folder.path, folder.depth + 1, position + 1),
                        depth=folder.depth + 1,
                        numchild=0,
                        url_path=f"{folder.url_path}{slug}/",
                        content_type_id=content_type.pk,
                        locale_id=locale_id,
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                        classification=0,
                        effective_classification=0,
                        description=body,
                    )
                )
            _insert_chain(pages, tables, connection)
            ids += [page.pk for page in pages]
        Page.objects.filter(pk=folder.pk).update(numchild=len(records))
    return ids, folder


def delete_records(folder) -> None:
    """Remove what ``create_records`` wrote: the records table by table (they have no
    revisions, logs or references; Django's cascading delete would load every one),
    then the emptied folder through Wagtail."""
    from django.db import connection, transaction
    from wagtail.models import Page

    from repository.models import FolderPage, GenericDocumentPage, RepositoryPage
    from search.signals import paused

    below = Page.objects.filter(path__startswith=folder.path, depth__gt=folder.depth)
    with transaction.atomic():
        for table in (GenericDocumentPage, RepositoryPage):
            table._base_manager.filter(pk__in=below.values("pk"))._raw_delete(connection.alias)
        below._raw_delete(connection.alias)
        Page.objects.filter(pk=folder.pk).update(numchild=0)
    with paused():
        FolderPage.objects.get(pk=folder.pk).delete()


def _insert_chain(pages, tables, connection) -> None:
    """Insert ``pages`` table by table, root model first, sharing its primary keys."""
    root, *children = tables
    root.objects.bulk_create(pages)  # sets ``id`` on each page (RETURNING / lastrowid)
    if pages and pages[0].id is None:  # pragma: no cover - every supported vendor returns ids
        raise RuntimeError(f"{connection.vendor} did not return primary keys")
    for page in pages:
        for table in children:
            setattr(page, table._meta.pk.attname, page.id)
    for table in children:
        fields = table._meta.local_concrete_fields
        # What bulk_create does for one table, minus its refusal of inherited models.
        table._base_manager.using(connection.alias)._insert(
            pages, fields=fields, using=connection.alias
        )


def timed(action, *args, **kwargs):
    """``(result, seconds)`` of ``action(*args, **kwargs)``."""
    start = time.perf_counter()
    result = action(*args, **kwargs)
    return result, time.perf_counter() - start
