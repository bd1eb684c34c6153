"""``python manage.py ensure_admin`` — the first administrator for ``make run``.

Credentials come from ``WENSHU_ADMIN_USER`` / ``WENSHU_ADMIN_PASSWORD``. A password
from the environment is never printed (terminals, CI logs and ``make run`` output are
read by others; whoever set it knows it). Without one, a password is generated once,
printed, and kept (mode 600 from its first byte) in the data directory so the next
``make run`` can print it again.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from repository.services.accounts import ensure_admin, save_credentials, saved_password

CREDENTIALS_FILE = "admin-credentials.txt"


class Command(BaseCommand):
    help = "Create the administrator account if it does not exist and print its credentials."

    def handle(self, *args, **options):
        username = os.environ.get("WENSHU_ADMIN_USER", "").strip() or "admin"
        password = os.environ.get("WENSHU_ADMIN_PASSWORD") or None
        account = ensure_admin(username, password)
        note = Path(settings.WENSHU_DATA_DIR) / CREDENTIALS_FILE
        if password:
            shown = _("(the one in WENSHU_ADMIN_PASSWORD)")
        elif account.password:
            save_credentials(note, username, account.password)
            shown = account.password
        else:
            shown = saved_password(note, username) or _(
                "(unchanged — set WENSHU_ADMIN_PASSWORD to replace it)"
            )
        self.stdout.write(
            _("Administrator: user %(user)s, password %(password)s")
            % {"user": username, "password": shown}
        )
