"""What ingest remembers: one job per file received, and the files it had to quarantine.

Why a job row per file, written before any parsing: the original is stored first and the
job points at its bytes, so whatever happens later (a bad file, Tika down, a worker killed
mid-OCR) the archivist can see the file, its state and why it failed, and the job can be
run again from the stored bytes alone. Quarantine entries are history-tracked: who
re-processed or released a refused file is part of the record's trail (四性: 真实, 完整).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IngestJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Outcome(models.TextChoices):
        NONE = "", _("not yet known")
        CREATED = "created", _("created")
        DUPLICATE = "duplicate", _("duplicate")
        ERROR = "error", _("error")

    source_name = models.CharField(_("source name"), max_length=1000)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=64, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    error_detail = models.TextField(_("error detail"), blank=True)
    stored_file = models.ForeignKey(
        "repository.StoredFile",
        verbose_name=_("stored original"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("parent node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ocr = models.BooleanField(_("OCR"), default=False)
    text_chars = models.PositiveIntegerField(_("text characters"), default=0)
    # host:pid of the process running the job, to tell a live worker from a killed one.
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ingest job")
        verbose_name_plural = _("ingest jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.status})"

    @property
    def filename(self) -> str:
        return self.source_name.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class QuarantineEntry(models.Model):
    """A refused original, copied under ``WENSHU_QUARANTINE_DIR`` with the reason."""

    job = models.ForeignKey(
        IngestJob, verbose_name=_("job"), on_delete=models.PROTECT, related_name="quarantine"
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("size (bytes)"))
    relative_path = models.CharField(_("path in quarantine"), max_length=500)
    error_code = models.CharField(_("error code"), max_length=64)
    error_message = models.TextField(_("error message"))
    created_at = models.DateTimeField(_("quarantined at"), auto_now_add=True)
    released_at = models.DateTimeField(_("re-processed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarantined file")
        verbose_name_plural = _("quarantined files")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename
