"""Admin listings whose search the engine refuses: say why, list nothing, no 500.

The search engines refuse a query that is too long or has too many terms with a
``ValidationError`` carrying a message for the user (``search.limits``; this module
catches the Django class so that ``repository`` imports no other app). Wagtail's
listing views would let it escape as a server error; a view with this mixin lists
nothing and says why: in place of "no results" on a generic listing, above the table on
a page listing (whose results template includes ``repository/admin/search_refusal.html``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property


class RefusedSearchMixin:
    """For a Wagtail ``BaseListingView`` that searches in ``search_queryset``."""

    search_refusal: str = ""

    def search_queryset(self, queryset):
        try:
            return super().search_queryset(queryset)
        except ValidationError as refused:
            return self.refuse_search(queryset, refused)

    def refuse_search(self, queryset, refused: ValidationError):
        self.search_refusal = " ".join(refused.messages)
        return queryset.none()

    @cached_property
    def no_results_message(self):
        return self.search_refusal or super().no_results_message
