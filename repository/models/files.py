"""Files of a node: content-addressed blobs and the attachments that point at them.

A ``StoredFile`` is bytes identified by their SHA-256, written once and never changed;
an ``AttachedFile`` says which node carries it, under which name and in which role
(the original, or something derived from it such as the OCR'd PDF/A or the text).
Originals and derived files live in separate directories so nothing derived can ever be
mistaken for, or overwrite, an original.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImmutableFileError(Exception):
    """Raised on any attempt to delete a stored blob outside the disposition process."""


class StoredFileQuerySet(models.QuerySet):
    def delete(self):
        raise ImmutableFileError("stored files are never deleted in bulk")


class StoredFile(models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original", _("original")
        DERIVED = "derived", _("derived")

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.BigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("type"), max_length=127, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORIGINAL)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    last_verified_ok = models.BooleanField(_("intact at last check"), null=True)

    objects = StoredFileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.sha256

    def delete(self, *args, **kwargs):
        raise ImmutableFileError(f"stored file {self.sha256} is immutable")


class AttachedFile(models.Model):
    class Role(models.TextChoices):
        ORIGINAL = "original", _("original")
        OCR_PDF = "ocr_pdf", _("OCR'd PDF/A")
        TEXT = "text", _("extracted text")
        RENDITION = "rendition", _("generated file")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("node"),
        on_delete=models.CASCADE,
        related_name="attached_files",
    )
    stored_file = models.ForeignKey(
        StoredFile, verbose_name=_("content"), on_delete=models.PROTECT, related_name="attachments"
    )
    filename = models.CharField(_("file name"), max_length=255)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ORIGINAL)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("derived from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derivatives",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["page", "role", "added_at"]

    def __str__(self) -> str:
        return self.filename
