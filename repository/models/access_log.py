"""The access log (访问日志): who read, downloaded, searched, exported or borrowed what.

Append-only by construction, in three layers, so that no single mistake or shortcut can
rewrite history:

1. the ORM refuses: ``save()`` of an existing row, ``delete()``, and ``update()`` /
   ``delete()`` on a queryset all raise ``AppendOnlyError``;
2. the database refuses: a trigger (created by migration 0004, on PostgreSQL and SQLite)
   aborts every UPDATE and DELETE on the table, whoever issues it;
3. a hash chain: each row carries ``hash = sha256(prev_hash + canonical content)`` and the
   hash of its predecessor, with ``seq`` counting rows without gaps. ``manage.py audit
   verify`` recomputes the chain and names the first row that was altered, removed or
   inserted out of turn. ``seq`` and ``prev_hash`` are unique, so two writers can never
   fork the chain even if the lock in ``repository.services.access_log`` were bypassed.

Rows name a record by id, not by foreign key: the log must outlive the record (destroyed
records keep their lines), and a user's deletion must not rewrite lines either.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from repository.models.base import Classification

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access-log row through the app."""


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed a record page")
    ADMIN_VIEW = "admin_view", _("opened a record in the back office")
    DOWNLOAD = "download", _("downloaded a file")
    PREVIEW = "preview", _("previewed")
    SEARCH = "search", _("searched")
    EXPORT = "export", _("exported")
    LOAN_REQUEST = "loan_request", _("requested a loan")
    LOAN_CHECKOUT = "loan_checkout", _("checked out a loan")
    LOAN_RETURN = "loan_return", _("returned a loan")
    QUARANTINE_DOWNLOAD = "quarantine_download", _("downloaded a quarantined file")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("access-log rows are never changed")

    def delete(self):
        raise AppendOnlyError("access-log rows are never deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        # Refused before Django opens its transaction, so the caller's stays usable.
        raise AppendOnlyError("access-log rows are never changed")

    # What a cascade would use.
    def _raw_delete(self, using):
        raise AppendOnlyError("access-log rows are never deleted")


class AccessLogEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        # The line stays as written whatever happens to the account.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        editable=False,
    )
    username = models.CharField(_("user name"), max_length=150, blank=True, editable=False)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True, editable=False)
    action = models.CharField(
        _("action"), max_length=32, choices=AccessAction.choices, editable=False
    )
    # The record acted on (a page id), or the first of several.
    record_id = models.BigIntegerField(_("record"), null=True, blank=True, db_index=True)
    # Every record concerned when there are several (search hits, an export, a loan's
    # items), written ",12,34," so one portable ``contains`` finds a record among them.
    record_ids = models.TextField(_("records"), blank=True, editable=False)
    # The highest effective classification among those records, at the time.
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, null=True, blank=True
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-seq"]
        # No add/change/delete/view permissions to hand out: rows are written only by
        # ``record_access`` and read only by holders of this one (保密员).
        default_permissions = ()
        permissions = [("view_access_log", _("Can view the access log"))]

    def __str__(self) -> str:
        return f"#{self.seq} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("access-log rows are never changed")
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access-log rows are never deleted")

    def canonical(self) -> str:
        """The row's content as hashed: every field but the hashes, in a fixed form."""
        return json.dumps(
            {
                "seq": self.seq,
                "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                "user_id": self.user_id,
                "username": self.username,
                "address": self.address,
                "action": self.action,
                "record_id": self.record_id,
                "record_ids": self.record_ids,
                "classification": self.classification,
                "detail": self.detail,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.canonical()).encode("utf-8")).hexdigest()
