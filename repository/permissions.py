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


for _name in dir(PagePermissionTester):
    if _name.startswith("can_") and callable(getattr(PagePermissionTester, _name)):
        setattr(
            ClearanceAwarePermissionTester, _name, _guarded(getattr(PagePermissionTester, _name))
        )
