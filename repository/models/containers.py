"""Containers that give the tree the office's own filing structure:
首页 → 部门 → 年度/类别 folders → records, a 收件箱 for fresh ingests, and the archive."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from repository.models.base import CONTAINER_TYPES, RECORD_TYPES, Classification, RepositoryPage


class HomePage(RepositoryPage):
    """首页 — the one root of the office's tree."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*RepositoryPage.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [*CONTAINER_TYPES, "repository.InboxPage", "repository.FondsPage"]
    max_count = 1
    template = "repository/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def save(self, *args, **kwargs):
        # The front door is visible to every signed-in user.
        self.classification = Classification.PUBLIC
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from repository.selectors import latest_bulletins_for
        from repository.services.notices import unread_notices_for

        context = super().get_context(request, *args, **kwargs)
        context["latest_bulletins"] = latest_bulletins_for(request.user)[:5]
        context["unread_notices"] = unread_notices_for(request.user)[:10]
        return context


class DepartmentPage(RepositoryPage):
    """部门 — a department's branch; its group is granted permissions on this subtree."""

    description = models.TextField(_("description"), blank=True)

    content_panels = [*RepositoryPage.content_panels, FieldPanel("description")]
    parent_page_types = ["repository.HomePage"]
    subpage_types = ["repository.FolderPage", *RECORD_TYPES]
    template = "repository/folder_page.html"

    class Meta:
        verbose_name = _("department branch")
        verbose_name_plural = _("department branches")


class FolderPage(RepositoryPage):
    """年度 / 类别 folder — groups records by year or by category inside a branch."""

    class Kind(models.TextChoices):
        YEAR = "year", _("year (年度)")
        CATEGORY = "category", _("category (类别)")
        UNIT = "unit", _("unit (单位)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CATEGORY)
    description = models.TextField(_("description"), blank=True)

    content_panels = [
        *RepositoryPage.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
    ]
    parent_page_types = [
        "repository.HomePage",
        "repository.DepartmentPage",
        "repository.FolderPage",
    ]
    subpage_types = ["repository.FolderPage", *RECORD_TYPES]
    template = "repository/folder_page.html"

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")


class InboxPage(RepositoryPage):
    """收件箱 — where ingested files land as drafts until someone files them properly."""

    parent_page_types = ["repository.HomePage"]
    subpage_types = RECORD_TYPES
    max_count = 1
    template = "repository/folder_page.html"

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
