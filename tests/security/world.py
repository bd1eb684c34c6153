"""The leak matrix's world: the demo office plus everything a leak could come from.

Built on ``load_demo_content`` (its users ``staff``, ``editor`` and ``archivist`` are the
roles the matrix requests as) and extended with records, files, revisions, a draft,
workflow steps, ingest jobs, a quarantine entry, filings, a hold and a loan, each carrying
a *marker*: a string that must never reach a role not allowed to see it. Slugs are ASCII
so that no marker hides in a page's URL.

Roles and what each may legitimately see:
  staff      内部, 接待处 (site only)
  editor     秘密, 办公室
  archivist  机密, 办公室 and the archive
  approver   内部, in workflow role groups, no page grant
  anonymous  nothing
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState

from repository.models import (
    Classification,
    Clearance,
    DepartmentPage,
    FolderPage,
    FondsPage,
    OfficialDocumentPage,
)
from repository.services.demo import load_demo_content
from repository.services.files import attach_original

ROLES = ("staff", "editor", "archivist", "approver", "anonymous")
ARCHIVIST_ONLY = frozenset({"archivist"})
NOBODY = frozenset()
# Which hidden pages fill page ids first: one of each kind of secret (classified record,
# other department's record and folder, classified folder and its content, a draft that
# raises the classification, above the archivist's clearance, filed items).
PAGE_ORDER = [
    "secret",
    "other",
    "other_folder",
    "nested",
    "drafted",
    "top",
    "folder",
    "filed_item",
    "nested_item",
    "nested_filed",
    "filed",
    "demo_secret",
]


@dataclass
class World:
    """Markers (string → roles allowed to see it) and the objects URLs are filled from."""

    markers: dict[str, frozenset] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)  # protected pages by short name
    allowed: dict[str, frozenset] = field(default_factory=dict)  # page name → roles
    revisions: dict[str, Revision] = field(default_factory=dict)
    task_states: dict[str, TaskState] = field(default_factory=dict)
    workflow_states: dict[str, WorkflowState] = field(default_factory=dict)
    # Typed into every listing's ``?q=``: words of the protected titles, never a whole
    # marker (a search box echoing the query is not a leak).
    search_words: tuple[str, ...] = ("标题",)

    def protected_for(self, role: str) -> list[str]:
        return [m for m, roles in self.markers.items() if role not in roles]

    def hidden_pages(self, role: str, most: int = 5) -> list[Page]:
        """The pages ``role`` may not see, the most telling first (see ``PAGE_ORDER``):
        the candidates for every page id in a URL."""
        names = sorted(self.pages, key=lambda n: PAGE_ORDER.index(n))
        return [self.pages[n] for n in names if role not in self.allowed[n]][:most]


_NUMBERS = itertools.count(100)


def _record(parent, slug, title, department, classification, **extra):
    page = OfficialDocumentPage(
        slug=slug,
        title=title,
        department=department,
        direction=extra.pop("direction", "outgoing"),
        kind="通知",
        document_number=f"示接待发〔2026〕{next(_NUMBERS)}号",
        issuing_authority="示范市接待办公室",
        body=extra.pop("body", "<p>正文。</p>"),
        date_written=date(2026, 3, 16),
        year=2026,
        classification=classification,
        **extra,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_world() -> World:
    from ingest.models import IngestJob
    from ingest.services import jobs as ingest_jobs
    from ingest.services.quarantine import quarantine
    from retention.services.disposition import appraise
    from retention.services.filing import file_record
    from retention.services.holds import place_hold
    from retention.services.lending import request_loan
    from workflows.services import flows
    from workflows.services.reminders import send_reminders

    load_demo_content()
    world = World()
    User = get_user_model()
    root = User.objects.create_superuser("root", "root@example.gov.cn", "pw")
    Clearance.objects.create(user=root, level=Classification.TOP_SECRET)
    for name in ("staff", "editor", "archivist"):
        world.users[name] = User.objects.get(username=name)

    office_branch = DepartmentPage.objects.get(slug="office")
    reception_branch = DepartmentPage.objects.get(slug="reception")
    office, reception = office_branch.department, reception_branch.department
    office_2026 = office_branch.get_children().get(slug="2026")
    reception_2026 = reception_branch.get_children().get(slug="2026")
    fonds = FondsPage.objects.get(slug="archive")

    def protect(name, page, allowed, *extra_markers):
        world.pages[name] = page
        world.allowed[name] = frozenset(allowed)
        for marker in (page.title, *extra_markers):
            world.markers[marker] = frozenset(allowed)

    # The demo's own classified record.
    demo_secret = OfficialDocumentPage.objects.get(slug="classified-2026-001")
    protect("demo_secret", demo_secret, ARCHIVIST_ONLY)

    secret = _record(office_2026, "lm-secret", "甲机密记录标题", office, Classification.SECRET)
    protect("secret", secret, ARCHIVIST_ONLY)
    other = _record(
        reception_2026,
        "lm-other",
        "乙接待处记录标题",
        reception,
        Classification.INTERNAL,
        direction="incoming",
    )
    protect("other", other, {"staff"})
    # Another department's folder: no marker of its own, but its listing shows ``other``.
    world.pages["other_folder"], world.allowed["other_folder"] = reception_2026, {"staff"}
    folder = FolderPage(slug="lm-folder", title="丙机密文件夹", classification=3)
    office_2026.add_child(instance=folder)
    folder.save_revision().publish()
    protect("folder", folder, ARCHIVIST_ONLY)
    nested = _record(folder, "lm-nested", "丙夹内记录标题", office, Classification.INTERNAL)
    protect("nested", nested, ARCHIVIST_ONLY)
    # Filed from inside the 机密 folder: its archive item must stay 机密.
    nested_filed = _record(folder, "lm-nested-filed", "丙夹内归档标题", office, 1)
    protect("nested_filed", nested_filed, ARCHIVIST_ONLY)
    top = _record(office_2026, "lm-top", "戊绝密记录标题", office, Classification.TOP_SECRET)
    protect("top", top, NOBODY)
    to_file = _record(office_2026, "lm-filed", "辛机密归档标题", office, Classification.SECRET)
    protect("filed", to_file, ARCHIVIST_ONLY)

    # A published 内部 record whose unpublished draft raises it to 机密 under a new title.
    drafted = _record(office_2026, "lm-draft", "丁公开标题", office, Classification.INTERNAL)
    drafted.title, drafted.classification = "丁草稿升密标题", Classification.SECRET
    draft_revision = drafted.save_revision(user=root)
    world.revisions["drafted"] = draft_revision
    world.pages["drafted"] = OfficialDocumentPage.objects.get(pk=drafted.pk)
    world.allowed["drafted"] = ARCHIVIST_ONLY
    world.markers["丁草稿升密标题"] = ARCHIVIST_ONLY

    # Files: names and bodies are markers.
    for name, filename, body in (
        ("secret", "甲机密附件.txt", "甲机密附件正文"),
        ("other", "乙接待附件.txt", "乙接待附件正文"),
        ("nested", "丙夹内附件.txt", "丙夹内附件正文"),
        ("top", "戊绝密附件.txt", "戊绝密附件正文"),
    ):
        attach_original(world.pages[name], io.BytesIO(body.encode()), filename)
        world.markers[filename] = world.markers[body] = world.allowed[name]
    # A second revision on each record, so revision views have something to compare.
    for name in ("secret", "other", "nested", "top"):
        page = world.pages[name]
        page.save_revision(user=root).publish()
        world.revisions[name] = page.get_latest_revision()

    # Workflow steps on protected records, assigned to a user who cannot see them.
    flows.ensure_standard_workflows(issuer_code="示接待发")
    groups = flows.ensure_role_groups()
    approver = User.objects.create_user("approver", "approver@example.gov.cn", "pw")
    Clearance.objects.create(user=approver, level=Classification.INTERNAL)
    for role in (flows.DIRECTOR, flows.REGISTRY, flows.SECRETARIAT):
        approver.groups.add(groups[role])
    world.users["approver"] = approver
    for name in ("secret", "other", "drafted", "top"):
        page = OfficialDocumentPage.objects.get(pk=world.pages[name].pk)
        state = flows.workflow_for(page).start(page, root)
        world.workflow_states[name] = state
        world.task_states[name] = state.current_task_state
    send_reminders(timezone.now() + timedelta(days=30))  # every step overdue: 催办 go out

    # Filing, a hold, an appraisal and a loan.
    filed = file_record(to_file, fonds=fonds, user=root)
    filed_nested = file_record(nested_filed, fonds=fonds, user=root)
    place_hold(to_file, reason="诉讼保全", user=root)
    appraise(filed, decision="permanent", reasons="具有长期保存价值", user=root)
    borrower = User.objects.create_user("borrower", "b@example.gov.cn", "pw")
    Clearance.objects.create(user=borrower, level=Classification.SECRET)
    request_loan(
        borrower=borrower, records=[filed, filed_nested], purpose="编研", form="electronic"
    )
    # The editor's own loan of a record since classified above them (the register's
    # page withholds its title; its exports must too).
    request_loan(borrower=world.users["editor"], records=[filed], purpose="查考", form="electronic")
    world.pages["filed_item"] = Page.objects.get(pk=filed.item_id)
    world.allowed["filed_item"] = ARCHIVIST_ONLY
    world.pages["nested_item"] = Page.objects.get(pk=filed_nested.item_id)
    world.allowed["nested_item"] = ARCHIVIST_ONLY

    # Ingest into the 机密 folder: one job that made a record, one refused and quarantined.
    made = ingest_jobs.submit(
        io.BytesIO("己机密来件正文".encode()), "己机密来件.txt", parent=folder
    )
    IngestJob.objects.filter(pk=made.pk).update(
        status=IngestJob.Status.DONE, outcome=IngestJob.Outcome.CREATED, page=nested
    )
    refused = ingest_jobs.submit(
        io.BytesIO("庚机密隔离正文".encode()), "庚机密隔离.txt", parent=folder, user=root
    )
    refused.status, refused.error_code, refused.error_message = "failed", "encrypted", "加密"
    refused.save()
    quarantine(refused)
    for marker in ("己机密来件正文", "己机密来件.txt", "庚机密隔离正文", "庚机密隔离.txt"):
        world.markers[marker] = ARCHIVIST_ONLY
    _neutral_rows(approver, world.users["editor"])
    return world


def _neutral_rows(approver, editor) -> None:
    """One row of each other kind the admin edits (no markers), so their URLs are
    requested too: a Wagtail document and image, a redirect, a reception standard, a
    delegation (the blind approver's steps handed to the editor) and a countersign party."""
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from PIL import Image as PillowImage
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from workflows.models import CountersignTask, Delegation, ReceptionStandard
    from workflows.services.countersign import add_party

    get_document_model().objects.create(
        title="普通文档", file=ContentFile(b"plain", name="plain.txt")
    )
    png = io.BytesIO()
    PillowImage.new("RGB", (2, 2)).save(png, "PNG")
    get_image_model().objects.create(
        title="普通图片", file=ContentFile(png.getvalue(), name="plain.png"), width=2, height=2
    )
    Redirect.objects.create(old_path="/old-address", redirect_link="/")
    ReceptionStandard.objects.create(
        reception_class="C", meal_standard_per_head=30, budget_limit_per_guest=300, basis="规定"
    )
    today = timezone.localdate()
    Delegation.objects.create(
        delegator=approver, delegate=editor, starts_on=today, ends_on=today + timedelta(days=30)
    )
    add_party(CountersignTask.objects.get(), Group.objects.get(name="接待处"))
