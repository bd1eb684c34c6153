"""Admin wiring: trail pages and exports, the 催办 dashboard panel, reception warnings on
the editor, and snippets for reception standards and delegations."""

from __future__ import annotations

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet

from repository.models import ReceptionPlanPage
from workflows import views
from workflows.models import Delegation, ReceptionStandard
from workflows.services.deadlines import open_steps_for
from workflows.services.reception_rules import reception_list_warnings, reception_plan_violations
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
    ]
    return [path("workflows/", include((urls, "workflows_admin"), namespace="workflows_admin"))]


class TrailButton(PageMenuItem):
    label = _("Trail")
    icon_name = "list-ul"
    url_name = "workflows_admin:trail"

    def is_shown(self, user):
        return can_view_trail(user, self.page)


@hooks.register("register_page_header_buttons")
def trail_header_button(page, user, view_name, next_url=None):
    yield TrailButton(page=page, priority=64)


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
def warn_about_reception_costs(request, page):
    """On the 接待清单: actual costs above budget are a warning, never a block."""
    if request.method == "GET" and isinstance(page.specific, ReceptionPlanPage):
        draft = page.specific.get_latest_revision_as_object()
        for warning in reception_list_warnings(draft):
            messages.warning(request, str(warning))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def check_reception_rules_on_save(request, page):
    """Every save of a reception plan runs the rules at once, so the drafter sees a breach
    while editing; the draft is kept (submission is what the breach blocks)."""
    if not isinstance(page.specific, ReceptionPlanPage):
        return
    draft = page.specific.get_latest_revision_as_object()
    for violation in reception_plan_violations(draft):
        messages.error(request, str(violation))
    for warning in reception_list_warnings(draft):
        messages.warning(request, str(warning))


def trail_url(page) -> str:
    return reverse("workflows_admin:trail", args=[page.pk])
