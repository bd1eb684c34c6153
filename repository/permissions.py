"""Wagtail admin permissions that honour classification and granted subtrees.

Wagtail decides every admin action (edit, preview, revisions, move, copy, delete,
publish …) through a page's ``PagePermissionTester``; every Wenshu page returns this
tester, which first asks the visibility rule in ``repository.selectors`` and refuses
everything on a node the user may not see. One check at the root of all admin paths,
instead of one per view.
"""

from __future__ import annotations

from functools import wraps

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from repository.extensions import MOVE, UNPUBLISH, change_refusal
from repository.selectors import browsable_pages_for, can_view, visible_pages_for


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


class ClearanceAwarePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, narrowed by the visibility rule wherever it lists pages.

    Wagtail's reports (aging pages, locked pages, workflows, workflow tasks), its admin
    API, its page search, its dashboard and the site history ask this policy — not the
    explorer hook — which pages a user may list; registered for ``Page`` (see
    ``RepositoryConfig.ready``) it answers with the rule, so none of them shows a node
    the user may not see. Superusers are narrowed too: no flag lifts classification.
    """

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_pages_for(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        if not user.is_active or user.is_anonymous:
            return self.model._default_manager.none()
        if user.is_superuser:
            pages = self.model._default_manager.all()
        else:
            pages = super().explorable_instances(user)
        return browsable_pages_for(user, pages)


def register_page_permission_policy() -> None:
    register_permission_policy(Page, ClearanceAwarePagePermissionPolicy())
