"""``python manage.py audit verify|export`` — check the access log's hash chain, or write
it out as JSON lines (hashes included, so a copy can be checked away from the server).

``verify`` exits non-zero naming the first broken row. It also prints the hash of the
last row: kept somewhere else (a printed report, another system), it lets a later check
notice that the tail of the log was cut or rewritten as a whole.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from repository.models import AccessLogEntry
from repository.services.access_log import verify_chain


class Command(BaseCommand):
    help = _("Check the access log's hash chain (verify) or write it out as JSON lines (export).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "export"])
        parser.add_argument(
            "--output", help=_("file to write the export to (default: standard output)")
        )

    def handle(self, action, output=None, **options):
        if action == "verify":
            return self._verify()
        return self._export(output)

    def _verify(self):
        check = verify_chain()
        if not check.intact:
            raise CommandError(
                _(
                    "Access log chain broken at row %(seq)s (id %(pk)s): %(reason)s. "
                    "%(rows)d rows before it are intact."
                )
                % {
                    "seq": check.broken_seq,
                    "pk": check.broken_pk,
                    "reason": check.reason,
                    "rows": check.rows,
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Access log intact: %(rows)d rows, last hash %(head)s.")
                % {"rows": check.rows, "head": check.head}
            )
        )

    def _export(self, output):
        stream = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        try:
            for entry in AccessLogEntry.objects.order_by("seq").iterator(chunk_size=2000):
                row = json.loads(entry.canonical())
                row.update(id=entry.pk, prev_hash=entry.prev_hash, hash=entry.hash)
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        finally:
            if output:
                stream.close()
