"""Admin wiring: trail pages and exports, the page of an open step, the 催办 dashboard
panel and inbox (a menu item with the unread count), reception warnings on the editor,
the countersign parties' order, and snippets for reception standards and delegations."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet

from repository.models import ReceptionPlanPage
from workflows import views
from workflows.models import CountersignParty, Delegation, ReceptionStandard
from workflows.services.deadlines import open_steps_for
from workflows.services.reception_rules import reception_list_warnings, reception_plan_violations
from workflows.services.reminders import unread_count
from workflows.services.trail import can_view_trail

register_snippet(ReceptionStandard)
register_snippet(Delegation)


@hooks.register("register_admin_urls")
def register_workflow_admin_urls():
    urls = [
        path("trail/<int:page_id>/", views.trail, name="trail"),
        path(
            "trail/<int:page_id>/<str:fmt>/",
            views.trail_export,
            name="trail_export",
        ),
        path("step/<int:task_state_id>/", views.step, name="step"),
        path("reminders/", views.reminder_list, name="reminders"),
        path("reminders/<int:reminder_id>/read/", views.reminder_read, name="reminder_read"),
        path("reminders/read/", views.reminders_all_read, name="reminders_all_read"),
    ]
    return [path("workflows/", include((urls, "workflows_admin"), namespace="workflows_admin"))]


class TrailButton(PageMenuItem):
    label = _("Trail")
    icon_name = "list-ul"
    url_name = "workflows_admin:trail"

    def is_shown(self, user):
        return can_view_trail(user, self.page)


class CurrentStepButton(PageMenuItem):
    label = _("Current step")
    icon_name = "tasks"

    def __init__(self, *args, task_state, **kwargs):
        super().__init__(*args, url=reverse("workflows_admin:step", args=[task_state.pk]), **kwargs)

    def is_shown(self, user):
        return can_view_trail(user, self.page)


@hooks.register("register_page_header_buttons")
def trail_header_button(page, user, view_name, next_url=None):
    yield TrailButton(page=page, priority=64)
    task_state = page.current_workflow_task_state
    if task_state is not None:
        yield CurrentStepButton(page=page, priority=65, task_state=task_state)


class RemindersMenuItem(MenuItem):
    """催办 messages, with the number unread in the label (the sidebar has no badges)."""

    def render_component(self, request):
        count = unread_count(request.user)
        label = _("Reminders (%(count)d unread)") % {"count": count} if count else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs
        )


@hooks.register("register_admin_menu_item")
def register_reminders_menu_item():
    return RemindersMenuItem(
        _("Reminders"),
        reverse("workflows_admin:reminders"),
        name="workflow-reminders",
        icon_name="warning",
        order=250,
    )


class CountersignPartyViewSet(ModelViewSet):
    """The parties of each countersign step and their position (who signs first)."""

    model = CountersignParty
    icon = "list-ol"
    menu_label = _("Countersign parties")
    add_to_settings_menu = True
    form_fields = ["task", "position", "group", "user"]
    list_display = ["task", "position", "group", "user"]
    list_filter = ["task"]
    ordering = ["task", "position", "pk"]
    sort_order_field = None


@hooks.register("register_admin_viewset")
def register_countersign_parties():
    return CountersignPartyViewSet("countersign_parties")


class DueStepsPanel(Component):
    """Steps waiting for the user: red overdue, yellow due soon, blue on time."""

    name = "workflows_due_steps"
    order = 90
    template_name = "workflows/due_steps_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = open_steps_for(self.user)
        return context


@hooks.register("construct_homepage_panels")
def add_due_steps_panel(request, panels):
    panels.append(DueStepsPanel(request.user))


@hooks.register("before_edit_page")
def refuse_workflow_actions_in_background_saves(request, page):
    """Wagtail 8 autosaves the open editor a moment after a workflow action is submitted,
    and that background save still carries the action's fields: it would act a second time,
    on whatever step is current by then (seen in the browser: a leader's 领导批示 also
    marked the next 传阅 read). A step is acted on by a click, never by an autosave."""
    background = not request.accepts("text/html")
    if request.method == "POST" and background and "action-workflow-action" in request.POST:
        return JsonResponse(
            {
                "success": False,
                "error_code": "workflow_action_in_background_save",
                "error_message": str(_("Workflow actions are not taken by background saves.")),
            },
            status=400,
        )
    return None


@hooks.register("before_edit_page")
def show_reception_rules(request, page):
    """Every time a reception plan's editor opens — and Wagtail reopens it after every
    save — the rules run on its draft: breaches as errors (they block submission), costs
    above budget on the 接待清单 as warnings (they never block)."""
    if request.method == "GET" and isinstance(page.specific, ReceptionPlanPage):
        draft = page.specific.get_latest_revision_as_object()
        for violation in reception_plan_violations(draft):
            messages.error(request, str(violation))
        for warning in reception_list_warnings(draft):
            messages.warning(request, str(warning))


SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def refuse_submission_breaking_the_rules(request, page):
    """A submission that breaks the rules was returned by the flow's rule step at once:
    say "not submitted" and reopen the editor (which lists the breaches), instead of
    Wagtail's "submitted for moderation". The draft is kept either way."""
    if not isinstance(page.specific, ReceptionPlanPage):
        return None
    if not any(action in request.POST for action in SUBMIT_ACTIONS):
        return None
    if not reception_plan_violations(page.specific.get_latest_revision_as_object()):
        return None
    _drop_success_messages(request)
    messages.error(
        request,
        _("Not submitted: the plan breaks the reception rules below. Correct it and resubmit."),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _drop_success_messages(request) -> None:
    """Remove the success messages queued during this request. Django's message API can
    add but not withdraw; iterating only marks messages read, so filter the queue."""
    queued = getattr(messages.get_messages(request), "_queued_messages", None)
    if queued is not None:
        queued[:] = [message for message in queued if message.level != messages.SUCCESS]


def trail_url(page) -> str:
    return reverse("workflows_admin:trail", args=[page.pk])
