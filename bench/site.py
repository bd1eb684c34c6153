"""Site benchmark: rendering the home page through Wagtail against a trivial Django view
(the language switch, which only redirects) through the same middleware in the same
process — the cost our page tree and templates add to every request."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

from bench.common import Result, median_seconds


def run() -> list[Result]:
    setup_test_environment()
    call_command("load_demo", verbosity=0)
    client = Client()
    home = median_seconds(lambda: client.get("/"))
    bare = median_seconds(lambda: client.get("/i18n/setlang/"))
    return [Result("home page render", "ms", home * 1000, "trivial view", bare * 1000)]
