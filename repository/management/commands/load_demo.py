"""``python manage.py load_demo`` — idempotent demo content for a first look.

Development only: the demo creates users with a published password, one of them
(``archivist``) cleared for 机密 with destruction rights. Under production settings
(``DEBUG`` off) the command refuses; ``make run`` uses the development settings.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from repository.services.demo import DEMO_PASSWORD, load_demo_content


class Command(BaseCommand):
    help = "Load Wenshu's demo content (safe to run repeatedly)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "load_demo only runs with DEBUG on (development settings): the demo "
                    "creates users with a published password. Nothing was changed."
                )
            )
        counts = load_demo_content()
        if options["verbosity"]:
            message = _("Demo content ready: %(pages)d pages.") % counts
            self.stdout.write(self.style.SUCCESS(message))
            self.stdout.write(
                _("Demo users editor, archivist and staff; password: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
