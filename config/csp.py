"""Content-Security-Policy for the site and the back office (django-csp).

Two policies, because the two halves differ in what they need:

- The intranet site (``CONTENT_SECURITY_POLICY`` in settings): scripts only from our
  origin or inline with the per-response nonce (``<script nonce="{{ request.csp_nonce }}">``),
  no inline styles or event handlers, nothing from another origin, not framable. A
  title or body that slips past escaping cannot run.
- The Wagtail admin (``WENSHU_ADMIN_CSP`` replaces some directives under ``/admin/``):
  Wagtail 8 still renders inline ``<script>`` initialisers (InlinePanel, the date and
  time pickers, chooser modals that jQuery inserts with their scripts) and inline
  ``style`` attributes, and none carry a nonce. So the admin allows ``'unsafe-inline'``
  for scripts and styles — and must then carry no nonce, since a nonce makes browsers
  ignore ``'unsafe-inline'``. Everything else stays as strict as on the site; in
  particular no ``'unsafe-eval'`` and no other origin. Previews frame admin pages in
  the admin, so the admin may be framed by itself.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class WenshuCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**settings.WENSHU_ADMIN_CSP, **(parts.replace or {})}
        return parts
