"""公文 — official documents, incoming (收文) and outgoing (发文), with the elements of
GB/T 9704-2012 and the 15 kinds of the 2012 党政机关公文处理工作条例."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from repository.document_numbers import normalize_document_number, parse_document_number
from repository.models.base import RepositoryPage


class DocumentKind(models.TextChoices):
    """文种: the fifteen kinds of official document."""

    RESOLUTION = "决议", _("resolution (决议)")
    DECISION = "决定", _("decision (决定)")
    ORDER = "命令", _("order (命令/令)")
    COMMUNIQUE = "公报", _("communiqué (公报)")
    ANNOUNCEMENT = "公告", _("announcement (公告)")
    PUBLIC_NOTICE = "通告", _("public notice (通告)")
    OPINION = "意见", _("opinion (意见)")
    NOTICE = "通知", _("notice (通知)")
    CIRCULAR = "通报", _("circular (通报)")
    REPORT = "报告", _("report (报告)")
    REQUEST = "请示", _("request for instructions (请示)")
    REPLY = "批复", _("reply (批复)")
    MOTION = "议案", _("motion (议案)")
    LETTER = "函", _("letter (函)")
    MINUTES = "纪要", _("minutes (纪要)")


class Urgency(models.TextChoices):
    """紧急程度."""

    NONE = "", _("normal")
    EXTRA_URGENT = "特急", _("extra urgent (特急)")
    URGENT = "加急", _("urgent (加急)")
    FLASH = "特提", _("flash (特提)")
    ORDINARY_URGENT = "平急", _("ordinary urgent (平急)")


class DocumentNumberFields(models.Model):
    """发文字号 stored as written in standard form, plus its parts for numbering and lookup."""

    document_number = models.CharField(
        _("document number"), max_length=64, blank=True, db_index=True
    )
    issuer_code = models.CharField(_("issuer code"), max_length=32, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("number year"), null=True, editable=False)
    number_serial = models.PositiveIntegerField(_("serial number"), null=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.document_number = normalize_document_number(self.document_number)
        try:
            parsed = parse_document_number(self.document_number) if self.document_number else None
        except ValidationError:  # free-text numbers of old records are kept as written
            parsed = None
        self.issuer_code = parsed.issuer_code if parsed else ""
        self.number_year = parsed.year if parsed else None
        self.number_serial = parsed.serial if parsed else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.document_number:
            parse_document_number(self.document_number)  # raises a bilingual ValidationError


class OfficialDocumentPage(DocumentNumberFields, RepositoryPage):
    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming (收文)")
        OUTGOING = "outgoing", _("outgoing (发文)")

    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=DocumentKind.choices)
    copy_number = models.CharField(_("copy number"), max_length=16, blank=True, help_text=_("份号"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=255, blank=True)
    signer = models.CharField(_("signed off by"), max_length=64, blank=True, help_text=_("签发人"))
    main_recipients = models.CharField(_("main recipients"), max_length=500, blank=True)
    body = RichTextField(_("body"), blank=True)
    attachment_note = models.TextField(_("attachment note"), blank=True, help_text=_("附件说明"))
    date_written = models.DateField(
        _("date written"), null=True, blank=True, help_text=_("成文日期")
    )
    remarks = models.TextField(_("remarks"), blank=True, help_text=_("附注"))
    copied_to = models.CharField(
        _("copied to"), max_length=500, blank=True, help_text=_("抄送机关")
    )
    printing_authority = models.CharField(_("printed by"), max_length=255, blank=True)
    printing_date = models.DateField(_("printing date"), null=True, blank=True)
    # 收文 only
    source_unit = models.CharField(
        _("sending unit"), max_length=255, blank=True, help_text=_("来文单位")
    )
    received_date = models.DateField(_("date received"), null=True, blank=True)
    incoming_number = models.CharField(
        _("registration number"), max_length=64, blank=True, help_text=_("收文编号")
    )

    content_panels = [
        *RepositoryPage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("direction"), FieldPanel("kind"), FieldPanel("urgency")]),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("copy_number")]),
                FieldRowPanel([FieldPanel("issuing_authority"), FieldPanel("signer")]),
            ],
            heading=_("Header (版头)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("main_recipients"),
                FieldPanel("body"),
                FieldPanel("attachment_note"),
                FieldPanel("date_written"),
                FieldPanel("remarks"),
            ],
            heading=_("Body (主体)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("copied_to"),
                FieldRowPanel([FieldPanel("printing_authority"), FieldPanel("printing_date")]),
            ],
            heading=_("Footer (版记)"),
        ),
        MultiFieldPanel(
            [FieldPanel("source_unit"), FieldPanel("received_date"), FieldPanel("incoming_number")],
            heading=_("Incoming registration (收文登记)"),
        ),
    ]
    parent_page_types = [
        "repository.DepartmentPage",
        "repository.FolderPage",
        "repository.InboxPage",
    ]
    subpage_types: list[str] = []
    template = "repository/official_document_page.html"

    document_date_field = "date_written"  # 成文日期

    search_fields = [
        *RepositoryPage.search_fields,
        index.SearchField("document_number", boost=5),
        index.SearchField("body"),
        index.SearchField("issuing_authority"),
        index.SearchField("main_recipients"),
        index.SearchField("source_unit"),
        index.SearchField("signer"),
        index.SearchField("copied_to"),
        index.SearchField("attachment_note"),
        index.SearchField("remarks"),
        index.SearchField("incoming_number"),
        index.SearchField("printing_authority"),
        index.FilterField("direction"),
        index.FilterField("kind"),
        index.FilterField("urgency"),
        index.FilterField("document_number"),
        index.FilterField("issuing_authority"),
        index.FilterField("source_unit"),
        index.FilterField("date_written"),
        index.FilterField("received_date"),
    ]

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
