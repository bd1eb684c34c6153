"""通知 — notices to departments or people, with read receipts and "我知道了"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from repository.models.base import RepositoryPage


class NoticePage(RepositoryPage):
    body = RichTextField(_("body"), blank=True)
    audience_departments = ParentalManyToManyField(
        "repository.Department", verbose_name=_("departments"), blank=True, related_name="+"
    )
    audience_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), blank=True, related_name="+"
    )
    requires_acknowledgement = models.BooleanField(
        _("ask for acknowledgement"), default=True, help_text=_("Readers confirm with “我知道了”.")
    )

    content_panels = [
        *RepositoryPage.content_panels,
        FieldPanel("body"),
        FieldPanel("audience_departments"),
        FieldPanel("audience_users"),
        FieldPanel("requires_acknowledgement"),
    ]
    parent_page_types = ["repository.DepartmentPage", "repository.FolderPage"]
    subpage_types: list[str] = []
    template = "repository/notice_page.html"

    search_fields = [*RepositoryPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def serve(self, request, *args, **kwargs):
        # Opening a notice is reading it (the permission check ran in before_serve_page).
        from repository.services.notices import mark_notice_read

        mark_notice_read(self, request.user)
        return super().serve(request, *args, **kwargs)


class NoticeReceipt(models.Model):
    """One reader of one notice: when first opened, and when acknowledged (我知道了)."""

    notice = models.ForeignKey(NoticePage, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="one_receipt_per_reader")
        ]
