"""Effective classification: a node is as classified as its most classified ancestor.

Stored on every node (``RepositoryPage.effective_classification``) so that the site,
the admin and both search engines filter on one plain field instead of walking the
tree at query time. It changes when a node's own classification changes or when a
node moves; both recompute the subtree below.
"""

from __future__ import annotations

from wagtail.models import Page

from repository.models.base import Classification, RepositoryPage


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
    for node in descendants.order_by("path"):
        value = max(node.classification, effective.get(node.path[: -Page.steplen], 0))
        effective[node.path] = value
        if node.effective_classification != value:
            RepositoryPage.objects.filter(pk=node.pk).update(effective_classification=value)
            node.specific.save(update_fields=["effective_classification"])
            changed += 1
    return changed


def refresh_after_move(page: Page) -> None:
    """A moved node takes the classification of its new ancestors, and so does its subtree."""
    node = RepositoryPage.objects.filter(pk=page.pk).first()
    if node is None:
        return
    node = node.specific
    value = max(node.classification, inherited_classification(node))
    if value != node.effective_classification:
        node.effective_classification = value
        node.save(update_fields=["effective_classification"])
    refresh_subtree(node)
