"""Demo content for ``make run`` (``python manage.py load_demo``).

Written for Wenshu itself (in Chinese: it is content, not interface text) and safe to run
any number of times: every record is looked up by its slug under its parent first, so a
second run changes nothing.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, Site

from repository.models import (
    ArchiveItemPage,
    ArchiveVolumePage,
    BulletinPage,
    Classification,
    Clearance,
    Department,
    DepartmentPage,
    FolderPage,
    FondsPage,
    GenericDocumentPage,
    HomePage,
    InboxPage,
    LetterPage,
    NoticePage,
    OfficialDocumentPage,
    ReceptionPlanPage,
    RegulationPage,
    RetentionPeriod,
)
from repository.models.reception import BudgetLine, Guest, ItineraryItem, Meal
from repository.services.files import attach_original

HOME_SLUG = "home"
DEMO_PASSWORD = "wenshu-demo"  # printed by load_demo; demo accounts only


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make the Wenshu home page the root of the default site.

    A fresh Wagtail database has a generic "Welcome" page under the tree root; it is
    removed (only while it is still that childless placeholder) so the site opens on
    our home page.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for placeholder in root.get_children().filter(slug=HOME_SLUG):
            if placeholder.specific_class is Page and placeholder.is_leaf():
                # Its Site row cascades with it and is recreated below for the new home.
                placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="文书档案库",
                slug=HOME_SLUG,
                intro="本单位的公文、公函、接待方案、简报、通知、规章制度与档案，一处查找，全程留痕。",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="文书"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


def ensure_child(parent: Page, model, slug: str, **fields) -> Page:
    """The child ``slug`` of ``parent``, created and published from ``fields`` if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    inlines = {k: fields.pop(k) for k in list(fields) if isinstance(fields[k], list)}
    page = model(slug=slug, **fields)
    for name, rows in inlines.items():
        getattr(page, name).set(rows)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_department(name: str, code: str) -> Department:
    group, _ = Group.objects.get_or_create(name=name)
    department, _ = Department.objects.get_or_create(
        code=code, defaults={"name": name, "group": group}
    )
    return department


def grant(group: Group, page: Page, *codenames: str) -> None:
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


# What each demo role may do beyond pages, as "app_label.codename" (the apps are looked up
# by name so repository imports none of them; missing ones are skipped).
ROLE_PERMISSIONS = {
    "editor": ["ingest.add_ingestjob", "ingest.view_ingestjob"],
    "archivist": [
        "ingest.add_ingestjob",
        "ingest.view_ingestjob",
        # retention: the archive's domain permissions (retention/permissions.py)
        "retention.file_records",
        "retention.correct_filed_records",
        "retention.view_filedrecord",
        "retention.view_retention_history",
        "retention.add_retentionrule",
        "retention.change_retentionrule",
        "retention.view_retentionrule",
        "retention.place_holds",
        "retention.lift_holds",
        "retention.view_hold",
        "retention.appraise_records",
        "retention.approve_destruction",
        "retention.carry_out_destruction",
        "retention.view_destructionregisterentry",
        "retention.approve_loan",
        "retention.approve_sensitive_loan",
        "retention.handle_loans",
        "retention.view_all_loans",
        # 定密责任人: the demo's one person who may lower a classification (解密/降密).
        "repository.declassify_records",
        "repository.view_classificationchange",
    ],
}


def grant_role_permissions(user, names: list[str]) -> None:
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            user.user_permissions.add(permission)


def ensure_user(
    username: str, full_name: str, department: Department, level: int, *, admin: bool
) -> None:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "email": f"{username}@example.gov.cn"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(department.group)
    if admin:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant_role_permissions(user, ROLE_PERMISSIONS.get(username, []))
    Clearance.objects.update_or_create(user=user, defaults={"level": level})


@transaction.atomic
def load_demo_content() -> dict[str, int]:
    """Create the demo tree; returns counts of what now exists, for the command's report."""
    home = ensure_home_page()
    office = ensure_department("办公室", "BGS")
    reception = ensure_department("接待处", "JDC")

    ensure_child(home, InboxPage, "inbox", title="收件箱", classification=Classification.INTERNAL)
    office_branch = ensure_child(
        home,
        DepartmentPage,
        "office",
        title="办公室",
        department=office,
        description="负责公文运转、信息简报与档案管理。",
    )
    reception_branch = ensure_child(
        home,
        DepartmentPage,
        "reception",
        title="接待处",
        department=reception,
        description="负责公务接待的方案拟订、组织实施与费用管理。",
    )
    office_2026 = ensure_child(
        office_branch, FolderPage, "2026", title="2026年", kind=FolderPage.Kind.YEAR, year=2026
    )
    reception_2026 = ensure_child(
        reception_branch, FolderPage, "2026", title="2026年", kind=FolderPage.Kind.YEAR, year=2026
    )
    common = dict(classification=Classification.INTERNAL, year=2026)

    outgoing = ensure_child(
        office_2026,
        OfficialDocumentPage,
        "jdb-fa-2026-12",
        title="关于进一步规范公务接待工作餐安排的通知",
        department=office,
        direction="outgoing",
        kind="通知",
        document_number="示接待发〔2026〕12号",
        issuing_authority="示范市接待办公室",
        signer="王明",
        main_recipients="各县（市、区）接待办，市直各单位",
        date_written=date(2026, 3, 16),
        body="<p>为落实公务接待管理有关规定，现就工作餐安排通知如下：一、公务活动确需用餐的，原则上安排一次工作餐；"
        "二、陪餐人数严格按规定控制；三、不得提供高档菜肴、香烟和高档酒水。</p>",
        copied_to="市纪委监委",
        printing_authority="示范市接待办公室",
        printing_date=date(2026, 3, 16),
        keywords="公务接待 工作餐 通知",
        responsible_party="示范市接待办公室",
        **common,
    )
    ensure_child(
        office_2026,
        OfficialDocumentPage,
        "incoming-2026-031",
        title="关于报送上半年公务接待情况统计的通知",
        department=office,
        direction="incoming",
        kind="通知",
        document_number="示政办函〔2026〕31号",
        issuing_authority="示范市人民政府办公室",
        source_unit="示范市人民政府办公室",
        received_date=date(2026, 6, 2),
        incoming_number="收〔2026〕118号",
        date_written=date(2026, 5, 28),
        body="<p>请于6月20日前报送本单位上半年公务接待批次、人次及费用统计。</p>",
        responsible_party="示范市人民政府办公室",
        **common,
    )
    ensure_child(
        office_2026,
        OfficialDocumentPage,
        "classified-2026-001",
        title="重要外事接待安全保卫工作方案",
        department=office,
        direction="outgoing",
        kind="意见",
        document_number="示接待发〔2026〕1号",
        issuing_authority="示范市接待办公室",
        signer="王明",
        classification=Classification.SECRET,
        secrecy_period="10年",
        year=2026,
        date_written=date(2026, 1, 8),
        body="<p>（机密件，仅限授权人员阅看。）</p>",
        responsible_party="示范市接待办公室",
    )
    letter = ensure_child(
        reception_2026,
        LetterPage,
        "letter-2026-3",
        title="关于商请接待考察团的函",
        department=reception,
        sender_unit="样例县人民政府办公室",
        recipient_unit="示范市接待办公室",
        document_number="样政办函〔2026〕3号",
        letter_date=date(2026, 4, 1),
        body="<p>我县拟于4月15日至16日组织8人考察团赴贵市学习接待信息化建设经验，请予接洽为盼。</p>",
        **common,
    )
    ensure_child(
        reception_2026,
        ReceptionPlanPage,
        "plan-2026-04-15",
        title="样例县考察团接待方案",
        department=reception,
        letter=letter,
        visiting_unit="样例县人民政府办公室",
        purpose="学习接待信息化建设经验",
        reception_class="C",
        start_date=date(2026, 4, 15),
        end_date=date(2026, 4, 16),
        accommodation="定点饭店标准间，费用由来访单位自理。",
        vehicles="统一安排中型客车一辆。",
        guests=[
            Guest(name="李华", position="县政府办公室副主任", rank="副处级"),
            Guest(name="张伟", position="县接待办主任", rank="正科级"),
        ],
        itinerary=[
            ItineraryItem(
                day=date(2026, 4, 15),
                time="09:00",
                activity="座谈交流",
                place="市行政中心3号会议室",
                accompanying="赵强",
            ),
            ItineraryItem(
                day=date(2026, 4, 15),
                time="14:30",
                activity="参观接待管理平台",
                place="市接待办",
                accompanying="赵强",
            ),
        ],
        meals=[
            Meal(
                date=date(2026, 4, 15),
                guest_count=8,
                companion_count=3,
                standard_per_head=Decimal("30"),
            )
        ],
        budget_lines=[
            BudgetLine(item="工作餐", amount=Decimal("330.00")),
            BudgetLine(item="交通", amount=Decimal("400.00")),
        ],
        **common,
    )
    ensure_child(
        office_2026,
        BulletinPage,
        "bulletin-2026-5",
        title="全市接待工作会议召开",
        department=office,
        series="接待工作简报",
        issue_number=5,
        editor="陈静",
        audience="市领导，各县（市、区）接待办",
        body="<p>3月20日，全市接待工作会议召开，会议总结了上年度工作，部署了本年度重点任务。</p>",
        **common,
    )
    ensure_child(
        office_2026,
        NoticePage,
        "notice-2026-holiday",
        title="关于做好节假日值班工作的通知",
        department=office,
        body="<p>请各处室于节前报送值班表，值班人员保持通讯畅通。</p>",
        **common,
    )
    old_rule = ensure_child(
        office_branch,
        RegulationPage,
        "rule-2014",
        title="示范市公务接待管理办法（2014年）",
        department=office,
        document_number="示政办发〔2014〕20号",
        issuing_body="示范市人民政府办公室",
        effective_date=date(2014, 5, 1),
        status=RegulationPage.Status.REVISED,
        body="<p>（已修订）</p>",
        classification=Classification.PUBLIC,
        year=2014,
    )
    ensure_child(
        office_branch,
        RegulationPage,
        "rule-2026",
        title="示范市公务接待管理办法",
        department=office,
        document_number="示政办发〔2026〕8号",
        issuing_body="示范市人民政府办公室",
        effective_date=date(2026, 2, 1),
        supersedes=old_rule,
        body="<p>第一条　为规范公务接待工作，厉行节约，制定本办法。</p>",
        classification=Classification.PUBLIC,
        year=2026,
    )
    scan = ensure_child(
        office_2026,
        GenericDocumentPage,
        "scan-2026-001",
        title="会议签到表（扫描件）",
        department=office,
        description="待整理的扫描件。",
        **common,
    )
    if not scan.attached_files.exists():
        attach_original(scan, io.BytesIO("会议签到表\n示范市接待办公室\n".encode()), "签到表.txt")
    fonds = ensure_child(
        home,
        FondsPage,
        "archive",
        title="档案室",
        fonds_code="Z109",
        classification=Classification.INTERNAL,
    )
    volume = ensure_child(
        fonds,
        ArchiveVolumePage,
        "2026-y-bgs",
        title="2026年永久卷（办公室）",
        year=2026,
        retention_period=RetentionPeriod.PERMANENT,
        department=office,
    )
    ensure_child(
        volume,
        ArchiveItemPage,
        "item-0001",
        title=outgoing.title,
        record=outgoing,
        archival_code="Z109-WS·2026-Y-BGS-0001",
        item_number=1,
        year=2026,
        retention_period=RetentionPeriod.PERMANENT,
        department=office,
    )

    grant(office.group, office_branch, "view_page", "add_page", "change_page", "publish_page")
    grant(office.group, fonds, "view_page", "add_page", "change_page")
    grant(reception.group, reception_branch, "view_page", "add_page", "change_page")
    grant(
        reception.group,
        home.get_children().get(slug="inbox"),
        "view_page",
        "add_page",
        "change_page",
    )
    ensure_user("editor", "陈静", office, Classification.CONFIDENTIAL, admin=True)
    ensure_user("archivist", "刘芳", office, Classification.SECRET, admin=True)
    ensure_user("staff", "赵强", reception, Classification.INTERNAL, admin=False)
    return {"pages": Page.objects.filter(depth__gt=1).count(), "users": 3}
