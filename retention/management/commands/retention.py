"""``python manage.py retention due [--json] [--on YYYY-MM-DD]``: what falls due for appraisal."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from retention.services.disposition import records_due
from retention.services.holds import is_on_hold


class Command(BaseCommand):
    help = "Retention tasks: `due` lists filed records whose retention period has run out."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        due = commands.add_parser("due", help="records due for appraisal (到期鉴定)")
        due.add_argument("--json", action="store_true", help="one JSON array on stdout")
        due.add_argument("--on", help="the day to check (default today), YYYY-MM-DD")

    def handle(self, *args, action, **options):
        if action == "due":
            self.due(options["json"], options.get("on"))

    def due(self, as_json: bool, on: str | None):
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError as error:
            raise CommandError(f"--on: {error}") from error
        rows = [
            {
                "archival_code": filed.archival_code,
                "title": filed.title,
                "year": filed.year,
                "retention_period": filed.retention_period,
                "disposition_date": filed.disposition_date.isoformat(),
                "on_hold": is_on_hold(filed.item),
            }
            for filed in records_due(day).select_related("item")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            hold = "  [冻结 on hold]" if row["on_hold"] else ""
            self.stdout.write(
                f"{row['disposition_date']}  {row['archival_code']}  {row['title']}{hold}"
            )
        self.stdout.write(f"{len(rows)} due")
