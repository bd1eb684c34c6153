"""解密/降密: lowering a node's classification, the one way it may go down.

The ordinary edit form and moves refuse anything that lowers a node's effective
classification (``repository.forms``, ``RepositoryPage.move``). This service is the
exception: the classification officer (定密责任人, ``repository.declassify_records``)
lowers a node's own level, or moves it out of a classified folder, giving a reason; each
is kept as a ``ClassificationChange`` and in the page's history.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions.move_page import MovePageAction
from wagtail.log_actions import log
from wagtail.models import Page

from repository.extensions import DECLASSIFY, ChangeRefused, check_change_allowed
from repository.models import Classification, ClassificationChange, RepositoryPage
from repository.models.declassification import DECLASSIFY_PERMISSION
from repository.selectors import can_view


class DeclassificationError(Exception):
    """A refused 解密/降密; ``str()`` is the translated message."""

    def __init__(self, message, **params):
        self.message, self.params = message, params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def may_declassify(user) -> bool:
    return bool(user and user.is_active and user.has_perm(DECLASSIFY_PERMISSION))


def _effective(page) -> int:
    return (
        RepositoryPage.objects.filter(pk=page.pk)
        .values_list("effective_classification", flat=True)
        .get()
    )


def _place(page) -> str:
    parent = page.get_parent()
    return parent.title[:255] if parent is not None else ""


def _lower_own(page: RepositoryPage, level: int, user) -> None:
    """The node's own level goes down in its published row and in its latest revision,
    so neither the next edit nor a pending draft brings the old level back."""
    had_draft = page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    latest.classification = level
    revision = latest.save_revision(user=user, changed=had_draft or not page.live, clean=False)
    if page.live and not had_draft:
        revision.publish(user=user, skip_permission_checks=True, log_action=False)
    else:
        row = Page.objects.get(pk=page.pk).specific
        row.classification = level
        row.save(update_fields=["classification"])


@transaction.atomic
def declassify(
    page,
    *,
    user,
    reason: str,
    classification: int | None = None,
    destination: Page | None = None,
) -> list[ClassificationChange]:
    """Lower ``page``'s own classification to ``classification`` and/or move it under
    ``destination`` where it would be less classified; returns the changes logged."""
    if not may_declassify(user):
        raise DeclassificationError(
            _("Only the classification officer (定密责任人) may lower a classification.")
        )
    if not reason or not reason.strip():
        raise DeclassificationError(_("Lowering a classification needs a reason."))
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    if not isinstance(page, RepositoryPage) or not can_view(user, page):
        raise DeclassificationError(_("You may not see this node."))
    try:
        check_change_allowed(page, DECLASSIFY)
    except ChangeRefused as refused:
        raise DeclassificationError(str(refused)) from refused
    if classification is None and destination is None:
        raise DeclassificationError(_("Choose a lower classification or a new place."))
    changes = []
    if classification is not None:
        classification = Classification(int(classification))
        if classification >= page.classification:
            raise DeclassificationError(
                _("%(level)s is not lower than the record's %(current)s; raising is an edit."),
                level=classification.label,
                current=Classification(page.classification).label,
            )
        before = _effective(page)
        _lower_own(page, classification, user)
        changes.append(
            _record(page, ClassificationChange.Kind.LOWER, before, user, reason, _place(page))
        )
    if destination is not None:
        destination = Page.objects.get(pk=destination.pk)
        if not can_view(user, destination):
            raise DeclassificationError(_("You may not see the destination."))
        if destination.path.startswith(page.path):
            raise DeclassificationError(_("A node cannot move into itself."))
        page = Page.objects.get(pk=page.pk).specific
        before, from_place = _effective(page), _place(page)
        # Wagtail's move action itself: ``RepositoryPage.move`` refuses lowering moves, and
        # the officer's authority here is the declassification permission, not page grants.
        MovePageAction(page, destination, pos="last-child", user=user).execute(
            skip_permission_checks=True
        )
        page = Page.objects.get(pk=page.pk).specific
        changes.append(
            _record(
                page,
                ClassificationChange.Kind.MOVE,
                before,
                user,
                reason,
                from_place,
                _place(page),
            )
        )
    return changes


def _record(page, kind, before, user, reason, from_place, to_place="") -> ClassificationChange:
    after = _effective(page)
    change = ClassificationChange.objects.create(
        page=page,
        page_title=page.title[:255],
        kind=kind,
        from_level=before,
        to_level=after,
        from_place=from_place,
        to_place=to_place,
        reason=reason.strip(),
        changed_by=user,
    )
    log(
        instance=page,
        action="repository.declassify",
        user=user,
        data={
            "reason": change.reason,
            "from": int(before),
            "to": int(after),
            "kind": kind,
        },
    )
    return change


def changes_of(page):
    return ClassificationChange.objects.filter(page=page).select_related("changed_by")
