"""流程台账: each step of every flow on a record — task, assigned to, handled by (and for
whom), received, due, handled, decision, opinion — with CSV and Excel export.

Who may read it: people who took part (initiator, assignees, whoever acted or signed) and
those above them (the ``workflows.oversee_flows`` permission), and only when the
visibility rule lets them see the record at all. Colleagues beside them do not.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from wagtail.models import TaskState, WorkflowState

from repository.selectors import can_view
from repository.spreadsheets import inert_row
from workflows.models import CirculationReadMark, CountersignSignature, OfficeTask, TaskAction
from workflows.services.assignees import (
    describe_assignees,
    display_name,
    party_name,
    task_assignees,
)


@dataclass
class TrailRow:
    workflow: str
    task: str
    assigned_to: str
    handled_by: str
    received_at: datetime | None
    due_at: datetime | None
    handled_at: datetime | None
    decision: str
    opinion: str
    parties: str = ""


def _handler(actor, on_behalf_of) -> str:
    if actor is None:
        return _("system")
    if on_behalf_of is not None:
        return _("%(delegate)s on behalf of %(delegator)s") % {
            "delegate": display_name(actor),
            "delegator": display_name(on_behalf_of),
        }
    return display_name(actor)


def _task_states(page):
    return (
        TaskState.objects.filter(workflow_state__in=WorkflowState.objects.for_instance(page))
        .select_related("workflow_state__workflow", "task", "step")
        .order_by("started_at", "pk")
    )


def trail_rows(page) -> list[TrailRow]:
    rows = []
    for state in _task_states(page):
        task = state.task.specific
        actions = list(
            TaskAction.objects.filter(task_state=state).select_related("actor", "on_behalf_of")
        )
        step = getattr(state, "step", None)
        rows.append(
            TrailRow(
                workflow=state.workflow_state.workflow.name,
                task=task.name,
                assigned_to=describe_assignees(task) if isinstance(task, OfficeTask) else "",
                handled_by="、".join(_handler(a.actor, a.on_behalf_of) for a in actions),
                received_at=state.started_at,
                due_at=step.due_at if step else None,
                handled_at=state.finished_at,
                decision=str(state.get_status_display()),
                opinion="\n".join(a.opinion for a in actions if a.opinion) or state.comment,
                parties=_parties_summary(state),
            )
        )
    return rows


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _party_line(party, done_label, pending_label, by, on_behalf_of, at, note) -> str:
    if at is None:
        return f"{party_name(party)}：{pending_label}"
    line = f"{party_name(party)}：{done_label}（{_handler(by, on_behalf_of)}，{_when(at)}）"
    return f"{line}{note}" if note else line


def _parties_summary(state) -> str:
    """Each countersigning or circulation party and where it stands, one per line."""
    lines = [
        _party_line(
            s,
            s.get_decision_display(),
            _("not signed yet"),
            s.signed_by,
            s.on_behalf_of,
            s.signed_at,
            f"：{s.opinion}" if s.opinion else "",
        )
        for s in state.signatures.order_by("position").select_related(
            "group", "user", "signed_by", "on_behalf_of"
        )
    ]
    lines += [
        _party_line(
            m,
            _("read"),
            _("not read yet"),
            m.read_by,
            m.on_behalf_of,
            m.read_at,
            f"：{m.remark}" if m.remark else "",
        )
        for m in state.read_marks.order_by("position").select_related(
            "group", "user", "read_by", "on_behalf_of"
        )
    ]
    return "\n".join(lines)


def participants(page) -> set[int]:
    ids = set()
    states = list(_task_states(page))
    for workflow_state in WorkflowState.objects.for_instance(page):
        if workflow_state.requested_by_id:
            ids.add(workflow_state.requested_by_id)
    for state in states:
        task = state.task.specific
        if isinstance(task, OfficeTask):
            ids.update(task_assignees(task).values_list("pk", flat=True))
    actions = TaskAction.objects.filter(task_state__in=states)
    signatures = CountersignSignature.objects.filter(task_state__in=states)
    for queryset in (actions.values_list("actor", "on_behalf_of"),):
        for actor, principal in queryset:
            ids.update(i for i in (actor, principal) if i)
    marks = CirculationReadMark.objects.filter(task_state__in=states)
    for pairs in (
        signatures.filter(~Q(signed_by=None)).values_list("signed_by", "on_behalf_of"),
        marks.filter(~Q(read_by=None)).values_list("read_by", "on_behalf_of"),
    ):
        ids.update(i for pair in pairs for i in pair if i)
    return ids


def can_view_trail(user, page) -> bool:
    if not can_view(user, page):
        return False
    if user.is_superuser or user.has_perm("workflows.oversee_flows"):
        return True
    return user.pk in participants(page)


HEADERS = [
    ("workflow", "Workflow"),
    ("task", "Step"),
    ("assigned_to", "Assigned to"),
    ("handled_by", "Handled by"),
    ("received_at", "Received at"),
    ("due_at", "Due at"),
    ("handled_at", "Handled at"),
    ("decision", "Decision"),
    ("opinion", "Opinion"),
    ("parties", "Signed / read by"),
]


def _headers() -> list[str]:
    return [_(label) for _name, label in HEADERS]


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value if value is not None else ""


def trail_as_csv(rows: list[TrailRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(inert_row(_headers()))
    for row in rows:
        writer.writerow(inert_row(_cell(value) for value in asdict(row).values()))
    return out.getvalue()


def trail_as_xlsx(rows: list[TrailRow], title: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Trail")[:31]
    sheet.append(inert_row(_headers()))
    for row in rows:
        sheet.append(inert_row(_cell(getattr(row, f.name)) for f in fields(TrailRow)))
    if title:
        book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
