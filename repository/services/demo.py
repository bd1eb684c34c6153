"""Demo content for ``make run`` (``python manage.py load_demo``).

Written for Wenshu itself (in Chinese: it is content, not interface text) and safe to run
any number of times: every step looks for what it would create first, so a second run
changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from repository.models import HomePage

HOME_SLUG = "home"


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make the Wenshu home page the root of the default site.

    A fresh Wagtail database has a generic "Welcome" page under the tree root; it is
    removed (only while it is still that childless placeholder) so the site opens on
    our home page.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for placeholder in root.get_children().filter(slug=HOME_SLUG):
            if placeholder.specific_class is Page and placeholder.is_leaf():
                # Its Site row cascades with it and is recreated below for the new home.
                placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="文书档案库",
                slug=HOME_SLUG,
                intro="本单位的公文、公函、接待方案、简报、通知、规章制度与档案，一处查找，全程留痕。",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="文书",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


def load_demo_content() -> dict[str, int]:
    """Create the demo tree; returns counts of what now exists, for the command's report."""
    ensure_home_page()
    return {"pages": Page.objects.filter(depth__gt=1).count()}
