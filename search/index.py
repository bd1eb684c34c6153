"""The one door through which other apps ask for a node to be (re)indexed.

Ingest calls ``enqueue(page)`` after attaching text to a node; the search app decides
how and when the engines are updated.
"""

from __future__ import annotations

from modelsearch.index import insert_or_update_object


def enqueue(page) -> None:
    """Bring ``page``'s index entries up to date in every configured engine."""
    insert_or_update_object(page.specific)
