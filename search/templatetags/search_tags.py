"""Links that keep the current search and change one parameter (facets, paging)."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def search_url(base_query, **changes) -> str:
    query = base_query.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    query.pop("page", None) if "page" not in changes else None
    return "?" + urlencode(sorted(query.items()))
