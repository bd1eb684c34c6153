"""``python manage.py doctor`` — is every component configured, reachable, which version,
and what to do if not. Exits non-zero when a configured component does not work.

``--summary`` is the short block ``make run`` prints at the end of its set-up: what
works, what the embedded engines stand in for, and what is missing with the one command
that adds it. It never fails, because the embedded default runs without the optional
components; a missing OCR engine must be said before the first scan, not after it.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from repository.doctor import run_checks


class Command(BaseCommand):
    help = "Check the database, OpenSearch, Tika, Tesseract, ocrmypdf and the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--summary",
            action="store_true",
            help="a short block of what works and what is missing; never fails",
        )

    def handle(self, *args, **options):
        results = run_checks()
        if options["summary"]:
            self._summary(results)
            return
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

    def _summary(self, results) -> None:
        working = [r for r in results if r.configured and r.ok]
        embedded = [r for r in results if not r.configured]
        missing = [r for r in results if r.failed]
        write = self.stdout.write
        write(_("Components (details: python manage.py doctor):"))
        names = ", ".join(f"{r.name} {r.version}".strip() for r in working)
        write("  " + self.style.SUCCESS(_("working: %(names)s") % {"names": names}))
        if embedded:
            names = ", ".join(r.name for r in embedded)
            write(
                "  "
                + self.style.WARNING(
                    _("embedded instead: %(names)s — `make services` starts the real ones")
                    % {"names": names}
                )
            )
        for r in missing:
            line = _("missing: %(name)s — %(detail)s") % {"name": r.name, "detail": r.detail}
            write("  " + self.style.ERROR(line))
            if r.hint:
                write(f"      → {r.hint}")
        if not missing:
            write("  " + _("nothing missing"))
