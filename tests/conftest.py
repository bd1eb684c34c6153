"""Shared fixtures.

Integration tests talk to real services whose URLs come from the environment (``make
test`` sources ``var/services.env``). When ``WENSHU_REQUIRE_SERVICES=1`` — always in
``make test`` and CI — a missing service fails the test instead of skipping it, so a
broken service setup can never turn into a quietly green run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "OPENSEARCH_URL",
    "TIKA_URL",
    "TIKA_CLIENT_ONLY",
    "TIKA_SERVER_ENDPOINT",
)


def _service_url(variable: str) -> str:
    url = os.environ.get(variable, "").strip()
    if not url:
        message = f"{variable} is not set: start the services with `make services`"
        if os.environ.get("WENSHU_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def opensearch_url() -> str:
    return _service_url("OPENSEARCH_URL")


@pytest.fixture
def tika_url() -> str:
    return _service_url("TIKA_URL")


@pytest.fixture
def database_url() -> str:
    return _service_url("DATABASE_URL")


def embedded_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of ``make run``: no service URLs, a data directory of its own."""
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["WENSHU_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], check: bool = True, timeout: int = 300):
    """Run ``manage.py`` in a subprocess, as a user would from the shell."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
        )
    return done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port_url() -> str:
    """A loopback URL on which nothing listens, to stand for a stopped service."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def corpus_texts() -> dict[str, str]:
    """The shared Chinese sample texts, when the checkout sits beside ``shared/``."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"{CORPUS_DIR} not found")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session", autouse=True)
def _default_search_index_with_its_mappings(request):
    """On OpenSearch, the suite's default index is made once, with its mappings, before
    any test writes to it.

    Otherwise the first test that saves a page makes OpenSearch create the index on the
    fly from that one document, without the mappings (no stored ``pk``, text fields where
    facets need keywords), and every later search through the default backend fails in a
    way that depends on test order.
    """
    from django.conf import settings

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if backend != "search.backends.opensearch":
        return
    import io

    from django.core.management import call_command

    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        call_command("search_index", "rebuild", stdout=io.StringIO())
