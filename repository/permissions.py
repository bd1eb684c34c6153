"""Wagtail admin permissions that honour classification and granted subtrees.

Wagtail decides every admin action (edit, preview, revisions, move, copy, delete,
publish …) through a page's ``PagePermissionTester``; every Wenshu page returns this
tester, which first asks the visibility rule in ``repository.selectors`` and refuses
everything on a node the user may not see. One check at the root of all admin paths,
instead of one per view.
"""

from __future__ import annotations

from functools import wraps

from wagtail.models import PagePermissionTester

from repository.extensions import MOVE, UNPUBLISH, change_refusal
from repository.selectors import can_view


def _guarded(method):
    @wraps(method)
    def guarded(self, *args, **kwargs):
        return self.visible and method(self, *args, **kwargs)

    return guarded


class ClearanceAwarePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.visible = can_view(user, page)

    # A node a change guard freezes (retention: filed or held records) cannot be
    # unpublished or moved by anyone. Wagtail asks these before showing the buttons, in
    # its views and bulk actions, and for each descendant of an unpublished page; the
    # admin hooks (wagtail_hooks.py) say why first where Wagtail lets them.
    def can_unpublish(self):
        return super().can_unpublish() and not change_refusal(self.page, UNPUBLISH)

    def can_move(self):
        return super().can_move() and not change_refusal(self.page, MOVE)

    def can_move_to(self, destination):
        return super().can_move_to(destination) and not change_refusal(self.page, MOVE)


for _name in dir(PagePermissionTester):
    if _name.startswith("can_") and callable(getattr(PagePermissionTester, _name)):
        setattr(
            ClearanceAwarePermissionTester,
            _name,
            _guarded(getattr(ClearanceAwarePermissionTester, _name)),
        )
