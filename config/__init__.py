"""Project configuration: settings package, URLs and WSGI/ASGI entry points.

Named ``config`` rather than ``site`` because the standard library owns ``site``.
"""
