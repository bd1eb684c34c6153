"""The edit form of every record type: classification may stay or rise, never fall.

Lowering a classification (解密/降密) is its own action with its own permission and a
reason (``repository.services.declassification``); the ordinary edit form refuses it with
a message that says where to go instead.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

LOWERING_REFUSED = _(
    "The classification cannot be lowered here (from %(current)s). Lowering it "
    "(解密/降密) is done by the classification officer through “Declassify”, with a reason."
)


class RecordPageForm(WagtailAdminPageForm):
    def clean(self):
        from repository.models import Classification, RepositoryPage

        cleaned = super().clean()
        level = cleaned.get("classification")
        if self.instance.pk and level is not None:
            published = (
                RepositoryPage.objects.filter(pk=self.instance.pk)
                .values_list("classification", flat=True)
                .first()
            )
            if published is not None and int(level) < published:
                self.add_error(
                    "classification",
                    LOWERING_REFUSED % {"current": Classification(published).label},
                )
        return cleaned
