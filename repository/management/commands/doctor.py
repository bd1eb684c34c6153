"""``python manage.py doctor`` — is every component configured, reachable, which version,
and what to do if not. Exits non-zero when a configured component does not work."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from repository.doctor import run_checks


class Command(BaseCommand):
    help = "Check the database, OpenSearch, Tika, Tesseract, ocrmypdf and the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        results = run_checks()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": not any(r.failed for r in results),
                        "components": [r.as_dict() for r in results],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for r in results:
                if not r.configured:
                    state, style = _("not configured"), self.style.WARNING
                elif r.ok:
                    state, style = _("OK"), self.style.SUCCESS
                else:
                    state, style = _("FAILED"), self.style.ERROR
                self.stdout.write(f"{r.name:<11} {style(state):<8} {r.version:<14} {r.detail}")
                if r.hint and (r.failed or not r.configured):
                    self.stdout.write(f"{'':<11} → {r.hint}")
        failed = [r.name for r in results if r.failed]
        if failed:
            raise CommandError(_("Not working: %(names)s") % {"names": ", ".join(failed)})
