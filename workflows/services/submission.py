"""Submitting a record to its flow, after the rules of its type have passed.

The same checks run in the flow's first step (``RuleCheckTask``), so a record submitted
from the Wagtail editor is held to them too, and again after every edit (resubmission).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Page

from repository.models import ReceptionPlanPage
from workflows.services.flows import workflow_for
from workflows.services.reception_rules import RuleViolation, reception_plan_violations


def submission_violations(page) -> list[RuleViolation]:
    """Blocking violations of the record as last edited (its latest revision)."""
    record = latest_draft(page)
    if isinstance(record, ReceptionPlanPage):
        return reception_plan_violations(record)
    return []


def latest_draft(page):
    """Read afresh: an instance held by the caller may predate the latest revision."""
    page = Page.objects.get(pk=page.pk).specific
    return page.get_latest_revision_as_object() if page.get_latest_revision() else page


def submit_for_approval(page, user):
    """Start the record's flow; raises ValidationError listing every broken rule."""
    violations = submission_violations(page)
    if violations:
        raise ValidationError([str(v) for v in violations], code="rule_violation")
    workflow = workflow_for(page)
    if workflow is None:
        raise ValidationError(_("No workflow is assigned to this record."), code="no_workflow")
    page = Page.objects.get(pk=page.pk).specific
    if page.get_latest_revision() is None:
        page.save_revision(user=user)
    return workflow.start(page, user)
