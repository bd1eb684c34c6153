"""Admin wiring: filed records are frozen, held nodes cannot be deleted (singly or in bulk),
retention actions appear in page histories, and the retention schedule is a snippet."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from retention.models import RetentionRule
from retention.services.filing import is_frozen
from retention.services.holds import holds_blocking_deletion


def _back_to_parent(page):
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


@hooks.register("before_edit_page")
def refuse_editing_filed_records(request, page):
    if is_frozen(page):
        messages.error(
            request,
            _("“%(title)s” is filed and frozen; an archivist records corrections with a reason.")
            % {"title": page.title},
        )
        return _back_to_parent(page)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_held_pages(request, page):
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
    held = [page for page in objects if holds_blocking_deletion(page).exists()]
    if held:
        messages.error(
            request,
            _("These pages are on hold and cannot be deleted: %(titles)s")
            % {"titles": "，".join(page.title for page in held)},
        )
        return redirect("wagtailadmin_explore", held[0].get_parent().pk)
    return None


@hooks.register("register_log_actions")
def register_retention_log_actions(actions):
    actions.register_action("retention.file", _("File"), _("Filed in the archive"))
    actions.register_action("retention.correct", _("Correct"), _("Corrected after filing"))
    actions.register_action("retention.hold", _("Place hold"), _("Hold placed"))
    actions.register_action("retention.lift_hold", _("Lift hold"), _("Hold lifted"))
    actions.register_action("retention.destroy", _("Destroy"), _("Destroyed after appraisal"))


class RetentionRuleViewSet(SnippetViewSet):
    """保管期限表 — the schedule, edited by archivists; every change is in its history."""

    model = RetentionRule
    icon = "time"
    menu_label = _("Retention schedule")
    list_display = ["name", "record_type", "category", "department", "period", "active"]
    list_filter = ["period", "active"]


register_snippet(RetentionRuleViewSet)
