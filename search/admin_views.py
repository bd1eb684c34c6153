"""Back-office search views of the search app.

Wagtail's page chooser searches with whatever was typed in its modal; a query beyond
``search.limits`` would reach the engine and fail as a server error, which the modal
shows as nothing at all. This view answers it with the limits' message in the place of
the results, and otherwise is Wagtail's.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import SearchView

from search.limits import QueryRejected, check_query


class ChooserSearchView(SearchView):
    def get(self, request):
        try:
            check_query(request.GET.get("q", ""))
        except QueryRejected as refused:
            # 200: the chooser's script shows only successful answers.
            return TemplateResponse(
                request, "search/admin/query_refused.html", {"message": refused.text}
            )
        return super().get(request)


# Decorated as Wagtail decorates its own admin URLs.
chooser_search = never_cache(require_admin_access(ChooserSearchView.as_view()))
