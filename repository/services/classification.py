"""Effective classification: a node is as classified as its most classified ancestor.

Stored on every node (``RepositoryPage.effective_classification``) so that the site,
the admin and both search engines filter on one plain field instead of walking the
tree at query time. It changes when a node's own classification changes, when a draft
(an unpublished latest revision) raises it, or when a node moves; each recomputes the
subtree below.

A node's own level is the higher of its published row and its latest draft: a draft that
raises a record to 机密 hides it at once, everywhere, not only once it is published —
its content is in the admin's revision and draft views from the moment it is saved.
Lowering goes the other way only through ``repository.services.declassification``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from repository.extensions import classification_raised
from repository.models.base import Classification, RepositoryPage


def draft_classification(page) -> int | None:
    """The classification the latest revision gives ``page`` when it is an unpublished
    draft; None when there is none (or the row is what was last published)."""
    if not page.has_unpublished_changes or not page.latest_revision_id:
        return None
    revision = page.latest_revision if _is_cached(page, "latest_revision") else None
    if revision is not None and revision.pk == page.latest_revision_id:
        content = revision.content or {}
    else:
        content = (
            Revision.objects.filter(pk=page.latest_revision_id)
            .values_list("content", flat=True)
            .first()
            or {}
        )
    value = content.get("classification")
    return int(value) if value is not None else None


def _is_cached(page, field: str) -> bool:
    return page._meta.get_field(field).is_cached(page)


def own_classification(page, published: int | None = None) -> int:
    """The node's own level: its published classification (``published``, default the
    instance's) or its draft's, whichever is higher."""
    published = page.classification if published is None else published
    draft = draft_classification(page)
    return published if draft is None else max(published, draft)


def effective_on_save(page, update_fields) -> tuple[int | None, int]:
    """(stored effective before this save or None for a new node, effective to store).

    When the save does not write the classification column (Wagtail saving a revision
    writes only its bookkeeping columns while the instance holds the draft's values),
    the published level is the stored one, not the instance's.
    """
    previous = None
    published = page.classification
    if page.pk is not None:
        stored = (
            RepositoryPage.objects.filter(pk=page.pk)
            .values_list("classification", "effective_classification")
            .first()
        )
        if stored is not None:
            previous = stored[1]
            if update_fields is not None and "classification" not in update_fields:
                published = stored[0]
    return previous, max(own_classification(page, published), inherited_classification(page))


def inherited_classification(page: Page) -> int:
    """The effective classification of ``page``'s parent (public above the tree)."""
    if page.depth is None or page.depth <= 1:
        return Classification.PUBLIC
    parent_path = page.path[: -Page.steplen]
    value = (
        RepositoryPage.objects.filter(path=parent_path)
        .values_list("effective_classification", flat=True)
        .first()
    )
    return Classification.PUBLIC if value is None else value


def refresh_subtree(root: Page) -> int:
    """Recompute the descendants of ``root``; returns how many changed.

    Changed nodes are saved one by one (not bulk-updated) so that their search index
    entries are refreshed through the normal save path.
    """
    effective = {root.path: inherited_classification(root)}
    root_node = RepositoryPage.objects.filter(pk=root.pk).first()
    if root_node is not None:
        effective[root.path] = root_node.effective_classification
    changed = 0
    descendants = RepositoryPage.objects.filter(path__startswith=root.path, depth__gt=root.depth)
    for node in descendants.select_related("latest_revision").order_by("path"):
        value = max(own_classification(node), effective.get(node.path[: -Page.steplen], 0))
        effective[node.path] = value
        if node.effective_classification != value:
            raised = value > node.effective_classification
            RepositoryPage.objects.filter(pk=node.pk).update(effective_classification=value)
            specific = node.specific
            specific.save(update_fields=["effective_classification"])
            if raised:
                classification_raised(specific, value)
            changed += 1
    return changed


def refresh_after_move(page: Page) -> None:
    """A moved node takes the classification of its new ancestors, and so does its subtree."""
    node = RepositoryPage.objects.filter(pk=page.pk).first()
    if node is None:
        return
    node = node.specific
    value = max(own_classification(node), inherited_classification(node))
    if value != node.effective_classification:
        node.effective_classification = value
        node.save(update_fields=["effective_classification"])
    refresh_subtree(node)


def level_after_move(page: Page, target: Page, pos: str | None = None) -> int:
    """The effective classification ``page`` would have under its new parent."""
    node = RepositoryPage.objects.filter(pk=page.pk).first()
    if node is None:
        return Classification.PUBLIC
    sibling_positions = {"left", "right", "first-sibling", "last-sibling", "sorted-sibling"}
    parent = target.get_parent() if pos in sibling_positions else target
    above = (
        RepositoryPage.objects.filter(pk=parent.pk)
        .values_list("effective_classification", flat=True)
        .first()
        if parent is not None
        else None
    )
    return max(own_classification(node), above or Classification.PUBLIC)


def move_lowers(page: Page, target: Page, pos: str | None = None) -> tuple[int, int] | None:
    """(now, after) when moving ``page`` under ``target`` would lower its effective
    classification (and so its subtree's), else None."""
    now = (
        RepositoryPage.objects.filter(pk=page.pk)
        .values_list("effective_classification", flat=True)
        .first()
    )
    if now is None:
        return None
    after = level_after_move(page, target, pos)
    return (now, after) if after < now else None


class ClassificationLoweringError(Exception):
    """A change would lower a node's classification outside 解密/降密."""


def lowering_message(page, now: int, after: int) -> str:
    return _(
        "Moving “%(title)s” would lower its classification from %(now)s to %(after)s; "
        "lowering a classification (解密/降密) is done by the classification officer "
        "with a reason, through “Declassify”."
    ) % {
        "title": page.title,
        "now": Classification(now).label,
        "after": Classification(after).label,
    }


def copy_lowering_message(page, now: int, after: int) -> str:
    return _(
        "A copy of “%(title)s” there would be classified %(after)s instead of %(now)s; "
        "copy it into a place classified %(now)s or higher."
    ) % {
        "title": page.title,
        "now": Classification(now).label,
        "after": Classification(after).label,
    }


def ensure_copy_does_not_lower(page: Page, target: Page | None) -> None:
    """A copy is a new node at its destination; placed somewhere less classified it would
    publish the original's content below the original's level."""
    target = target or page.get_parent()
    lowered = move_lowers(page, target) if target is not None else None
    if lowered:
        raise ClassificationLoweringError(copy_lowering_message(page, *lowered))


def ensure_move_does_not_lower(page: Page, target: Page, pos: str | None = None) -> None:
    lowered = move_lowers(page, target, pos)
    if lowered:
        raise ClassificationLoweringError(lowering_message(page, *lowered))
