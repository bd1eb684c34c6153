"""Admin wiring: filed records are frozen, held nodes cannot be deleted (singly or in bulk),
retention actions appear in page histories, and the retention schedule is a snippet."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from repository.models import RepositoryPage
from repository.selectors import can_view
from retention import admin_urls
from retention import permissions as perms
from retention.bulk_actions import FileRecordsBulkAction
from retention.models import RetentionRule
from retention.services.filing import filing_of, filings_within
from retention.services.holds import holds_blocking_deletion
from retention.views.filing import may_file
from retention.views.holds import HOLD_PERMISSIONS


def _back_to_parent(page):
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


@hooks.register("before_edit_page")
def refuse_editing_filed_records(request, page):
    """A filed record opens on its filing page, where corrections are made with a reason."""
    filed = filing_of(page)
    if filed is not None:
        messages.warning(
            request,
            _("“%(title)s” is filed and frozen; an archivist records corrections with a reason.")
            % {"title": page.title},
        )
        if can_view(request.user, filed.item):
            return redirect("retention_admin:filed", filed.pk)
        return _back_to_parent(page)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_held_pages(request, page):
    if filings_within(page).exists():
        messages.error(
            request,
            _(
                "“%(title)s” is filed or holds filed records; filed records leave only "
                "by an approved destruction."
            )
            % {"title": page.title},
        )
        return _back_to_parent(page)
    if holds_blocking_deletion(page).exists():
        messages.error(
            request,
            _("“%(title)s” or something in it is on hold and cannot be deleted.")
            % {"title": page.title},
        )
        return _back_to_parent(page)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_held_pages(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    filed = [page for page in objects if filings_within(page).exists()]
    if filed:
        messages.error(
            request,
            _("These pages are filed or hold filed records and cannot be deleted: %(titles)s")
            % {"titles": "，".join(page.title for page in filed)},
        )
        return redirect("wagtailadmin_explore", filed[0].get_parent().pk)
    held = [page for page in objects if holds_blocking_deletion(page).exists()]
    if held:
        messages.error(
            request,
            _("These pages are on hold and cannot be deleted: %(titles)s")
            % {"titles": "，".join(page.title for page in held)},
        )
        return redirect("wagtailadmin_explore", held[0].get_parent().pk)
    return None


class ReasonedAction(LogFormatter):
    """A retention action whose reason is shown as the comment in the page's history."""

    message = ""

    def format_message(self, log_entry):
        return self.message

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


def _reasoned(label, message):
    return type("RetentionAction", (ReasonedAction,), {"label": label, "message": message})


@hooks.register("register_log_actions")
def register_retention_log_actions(actions):
    actions.register_action(
        "retention.file", pgettext_lazy("archive action", "File"), _("Filed in the archive")
    )
    actions.register_action("retention.correct")(
        _reasoned(_("Correct"), _("Corrected after filing"))
    )
    actions.register_action("retention.hold")(_reasoned(_("Place hold"), _("Hold placed")))
    actions.register_action("retention.lift_hold")(_reasoned(_("Lift hold"), _("Hold lifted")))
    actions.register_action("retention.destroy", _("Destroy"), _("Destroyed after appraisal"))


class RetentionRuleViewSet(SnippetViewSet):
    """保管期限表 — the schedule, edited by archivists; every change is in its history."""

    model = RetentionRule
    icon = "time"
    menu_label = _("Retention schedule")
    list_display = ["name", "record_type", "category", "department", "period", "active"]
    list_filter = ["period", "active"]


register_snippet(RetentionRuleViewSet)


@hooks.register("register_admin_urls")
def register_retention_admin_urls():
    return [path("retention/", include(admin_urls, namespace="retention_admin"))]


class FileRecordButton(PageMenuItem):
    label = pgettext_lazy("archive action", "File")
    icon_name = "folder-inverse"
    url_name = "retention_admin:file_record"

    def is_shown(self, user):
        return may_file(user, self.page) and can_view(user, self.page)


class HoldsButton(PageMenuItem):
    label = _("Holds")
    icon_name = "lock"
    url_name = "retention_admin:page_holds"

    def is_shown(self, user):
        return (
            isinstance(self.page.specific_deferred, RepositoryPage)
            and any(user.has_perm(perm) for perm in HOLD_PERMISSIONS)
            and can_view(user, self.page)
        )


@hooks.register("register_page_listing_more_buttons")
def filing_listing_button(page, user, next_url=None):
    """In page listings a filed record offers its filing page (edits are refused)."""
    filed = filing_of(page)
    if filed is not None and can_view(user, filed.item):
        yield Button(
            _("Filing and corrections"),
            reverse("retention_admin:filed", args=[filed.pk]),
            icon_name="folder-inverse",
            priority=60,
        )


@hooks.register("register_page_header_buttons")
def retention_page_header_buttons(page, user, view_name, next_url=None):
    yield FileRecordButton(page=page, priority=63)
    yield HoldsButton(page=page, priority=64)


hooks.register("register_bulk_action", FileRecordsBulkAction)


class PermissionMenuItem(MenuItem):
    """A reports-menu entry shown to users with any of ``permissions`` (all if empty)."""

    def __init__(self, *args, permissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return not self.permissions or any(request.user.has_perm(p) for p in self.permissions)


REPORTS = [
    ("catalogue", _("Filing catalogue"), "list-ol", ()),
    ("holds", _("Holds"), "lock", HOLD_PERMISSIONS),
    ("due", _("Due for appraisal"), "time", (perms.APPRAISE_RECORDS,)),
    (
        "appraisals",
        _("Destruction approvals"),
        "tasks",
        (perms.APPROVE_DESTRUCTION, perms.CARRY_OUT_DESTRUCTION),
    ),
    ("destruction_register", _("Destruction register"), "bin", (perms.VIEW_DESTRUCTION_REGISTER,)),
    ("loans", _("Loans"), "doc-full", ()),
    ("loan_approvals", _("Loan approvals"), "check", perms.LOAN_APPROVERS),
]


def _report_hook(name, label, icon, permissions, order):
    def hook():
        return PermissionMenuItem(
            label,
            reverse(f"retention_admin:{name}"),
            icon_name=icon,
            order=order,
            permissions=permissions,
        )

    hook.__name__ = f"register_{name}_report"
    return hook


for _order, (_name, _label, _icon, _perms) in enumerate(REPORTS, start=800):
    hooks.register("register_reports_menu_item", _report_hook(_name, _label, _icon, _perms, _order))
