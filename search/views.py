"""The site's search page and the suggestions endpoint (thin: parse, call, render)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from repository.models import AccessAction
from repository.services.access_log import record_access
from search.forms import SearchForm
from search.services import search_records, suggest_titles

PAGE_SIZE = 20


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    outcome = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        outcome = search_records(
            request.user, form.cleaned_data["q"], page_size=PAGE_SIZE, **form.search_arguments()
        )
        detail = {"query": form.cleaned_data["q"], "channel": "site"}
        hits = [hit.page for hit in outcome.hits]
        record_access(request, AccessAction.SEARCH, records=hits, detail=detail)
        if outcome.exact_match is not None and not request.GET.get("all"):
            # A typed 发文字号 that names exactly one visible record opens it.
            return redirect(outcome.exact_match.url or f"/{outcome.exact_match.pk}/")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search/search_page.html",
        {"form": form, "outcome": outcome, "base_query": query},
    )


@require_GET
def suggest(request):
    titles = suggest_titles(request.user, request.GET.get("q", "")[:100])
    return JsonResponse({"suggestions": titles})
