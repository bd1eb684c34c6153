"""Factories for test data: users with departments and clearances, and pages placed in
the tree (Wagtail pages are created with ``add_child`` on their parent, then published)."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from repository import models as m
from repository.services.demo import ensure_home_page


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"部门{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Department

    name = factory.Sequence(lambda n: f"处室{n}")
    code = factory.Sequence(lambda n: f"D{n:02d}")
    group = factory.SubFactory(GroupFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(self, create, raw, **kwargs):
        self.set_password(raw or "pw")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def clearance(self, create, level, **kwargs):
        if level is not None:
            m.Clearance.objects.update_or_create(user=self, defaults={"level": level})

    @factory.post_generation
    def departments(self, create, departments, **kwargs):
        for department in departments or []:
            self.groups.add(department.group)


class PageFactory(factory.Factory):
    """Builds the page, then adds it under ``parent`` (default: the home page) and publishes."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"测试记录{n}")
    classification = m.Classification.INTERNAL

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        parent = parent or ensure_home_page()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class DepartmentPageFactory(PageFactory):
    class Meta:
        model = m.DepartmentPage

    department = factory.SubFactory(DepartmentFactory)


class FolderPageFactory(PageFactory):
    class Meta:
        model = m.FolderPage


class LetterPageFactory(PageFactory):
    class Meta:
        model = m.LetterPage

    sender_unit = "样例县人民政府办公室"
    recipient_unit = "示范市接待办公室"
    document_number = factory.Sequence(lambda n: f"样政办函〔2026〕{n + 1}号")
    body = "<p>拟组织考察团前来学习，请予接洽。</p>"


class OfficialDocumentPageFactory(PageFactory):
    class Meta:
        model = m.OfficialDocumentPage

    direction = m.OfficialDocumentPage.Direction.OUTGOING
    kind = m.DocumentKind.NOTICE
    document_number = factory.Sequence(lambda n: f"示接待发〔2026〕{n + 1}号")
    issuing_authority = "示范市接待办公室"
    body = "<p>现将有关事项通知如下。</p>"
    date_written = date(2026, 3, 16)
    year = 2026


class NoticePageFactory(PageFactory):
    class Meta:
        model = m.NoticePage

    body = "<p>请各处室于节前报送值班表。</p>"


def grant(group: Group, page, *codenames: str) -> None:
    for codename in codenames or ("view_page",):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
