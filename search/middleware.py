"""The last line for searches the engine refuses, on any surface.

Our own views catch ``QueryRejected`` and show its message in place (the site search
form, the admin listings, the page chooser, the CLI). A view we do not own that hands
typed text to the engine — Wagtail's explorer search, its page API, a future endpoint —
would let it escape as a 500; here it becomes a 400 that says why, as JSON for API
requests and as a page otherwise.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from search.limits import QueryRejected


class RefusedQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, QueryRejected):
            return None
        accept = request.headers.get("Accept", "")
        if "/api/" in request.path or ("json" in accept and "html" not in accept):
            return JsonResponse({"message": exception.text}, status=400)
        return render(request, "search/query_refused.html", {"message": exception.text}, status=400)
