"""Back-office (Wagtail admin) views of the retention app, one module per concern.

Views are thin: parse the input with a form, call a service, render; refusals of the
services (``RetentionError``) are shown with ``messages.error``.
"""
