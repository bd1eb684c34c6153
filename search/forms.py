"""The site search form: what a reader may ask for, validated into ``SearchFilters``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search.limits import check_query
from search.services import MAX_RESULT_WINDOW, SORTS, SearchFilters

MAX_ID = 2**63 - 1
PAGE_SIZE = 20
# The last page of PAGE_SIZE results within the engines' result window.
MAX_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE


class SearchForm(forms.Form):
    # Length and terms are limited by ``search.limits`` (its message names both limits).
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.CharField(required=False)  # "app_label.model"
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    # Ids within what a database integer holds: a larger number was a 500 (SQLite
    # cannot bind it), not "nothing found".
    department = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    issuing_body = forms.CharField(required=False, max_length=255)
    status = forms.NullBooleanField(required=False)
    subtree = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    date_from = forms.DateField(label=_("from"), required=False)
    date_to = forms.DateField(label=_("to"), required=False)
    sort = forms.ChoiceField(
        label=_("sort"),
        required=False,
        choices=[
            ("relevance", _("relevance")),
            ("date", _("newest first")),
            ("date_asc", _("oldest first")),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self) -> str:
        return check_query(self.cleaned_data["q"])

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        sort = data.get("sort") or "relevance"
        return {
            "filters": SearchFilters(
                types=[data["type"]] if data.get("type") else [],
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                subtree=data.get("subtree"),
                year=data.get("year"),
                department=data.get("department"),
                issuing_body=data.get("issuing_body") or None,
                status=data.get("status"),
            ),
            "sort": sort if sort in SORTS else "relevance",
            "page": data.get("page") or 1,
        }
