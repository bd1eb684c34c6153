"""What a locked-out sign-in sees (django-axes calls ``locked_out``).

Axes' own answer is one English sentence; staff of a Chinese office need to read that
the account is locked because of failed attempts, for how long, and whom to ask.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse(context, status=429)
    return render(request, "account_locked.html", context, status=429)
