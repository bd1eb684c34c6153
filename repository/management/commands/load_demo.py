"""``python manage.py load_demo`` — idempotent demo content for a first look."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from repository.services.demo import DEMO_PASSWORD, load_demo_content


class Command(BaseCommand):
    help = "Load Wenshu's demo content (safe to run repeatedly)."

    def handle(self, *args, **options):
        counts = load_demo_content()
        if options["verbosity"]:
            message = _("Demo content ready: %(pages)d pages.") % counts
            self.stdout.write(self.style.SUCCESS(message))
            self.stdout.write(
                _("Demo users editor, archivist and staff; password: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
