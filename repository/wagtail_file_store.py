"""Wagtail's documents and images, switched off.

Why off rather than made private: a record's files are its ``AttachedFile`` rows — kept
content-addressed, history-tracked, typed by their bytes and served by
``repository.views.download_file`` under the visibility rule (clearance × granted
subtree, loans). Wagtail's documents and images would be a second file store beside it,
with its own permission model (collections) that knows nothing of 密级 or departments:
``/documents/<id>/<name>`` serves anyone, and rich text could link or embed its files
into a 机密 record, readable by whoever may see a less classified one. An office files
attachments on the record itself, so the second store only adds a way around the rule.

Wagtail's admin cannot run without the two apps (its JavaScript config names their API
endpoints), so they stay installed but unreachable: every URL under their prefixes
answers 404 before Wagtail's own patterns are tried (those stay in the URLconf only so
that links in old rich text still reverse instead of failing the page), their menu items, dashboard
counts and search areas are removed, and the rich-text editor offers neither
(``RICH_TEXT_FEATURES`` in settings).
"""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import re_path
from wagtail import hooks

# Path prefixes (below the site root) of every view of the two apps.
SWITCHED_OFF_PREFIXES = (
    "documents/",
    "admin/documents/",
    "admin/images/",
    "admin/api/main/documents/",
    "admin/api/main/images/",
    "admin/bulk/wagtaildocs/",
    "admin/bulk/wagtailimages/",
    # Their files in MEDIA_ROOT, which ``make run`` (DEBUG) serves under /media/.
    "media/documents/",
    "media/images/",
    "media/original_images/",
)
# ``name`` of their menu items, dashboard summary items and admin search areas.
SWITCHED_OFF_NAMES = frozenset({"documents", "images"})


def switched_off(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    re_path(rf"^{re.escape(prefix)}", switched_off, name=f"switched_off_{index}")
    for index, prefix in enumerate(SWITCHED_OFF_PREFIXES)
]


def _is_wagtail_file_item(item) -> bool:
    module = type(item).__module__
    return module.startswith(("wagtail.documents", "wagtail.images")) or (
        getattr(item, "name", None) in SWITCHED_OFF_NAMES
    )


def _remove_file_items(request, items) -> None:
    items[:] = [item for item in items if not _is_wagtail_file_item(item)]


# Late (high order): after the two apps' own hooks have added their items.
for _hook in ("construct_main_menu", "construct_homepage_summary_items", "construct_search"):
    hooks.register(_hook, _remove_file_items, order=1000)
