"""``python manage.py ensure_admin`` — the first administrator for ``make run``.

Credentials come from ``WENSHU_ADMIN_USER`` / ``WENSHU_ADMIN_PASSWORD``; without a
password one is generated once, printed, and kept (mode 600) in the data directory so the
next ``make run`` can print it again.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from repository.services.accounts import ensure_admin


class Command(BaseCommand):
    help = "Create the administrator account if it does not exist and print its credentials."

    def handle(self, *args, **options):
        username = os.environ.get("WENSHU_ADMIN_USER", "").strip() or "admin"
        password = os.environ.get("WENSHU_ADMIN_PASSWORD") or None
        account = ensure_admin(username, password)
        note = Path(settings.WENSHU_DATA_DIR) / "admin-credentials.txt"
        if account.password and not password:
            note.parent.mkdir(parents=True, exist_ok=True)
            note.write_text(f"{username}\n{account.password}\n", encoding="utf-8")
            note.chmod(0o600)
        shown = account.password
        if shown is None and not password and note.exists():
            saved_user, _sep, saved_password = note.read_text(encoding="utf-8").partition("\n")
            if saved_user == username:
                shown = saved_password.strip()
        if shown is None:
            shown = _("(unchanged — set WENSHU_ADMIN_PASSWORD to replace it)")
        self.stdout.write(
            _("Administrator: user %(user)s, password %(password)s")
            % {"user": username, "password": shown}
        )
