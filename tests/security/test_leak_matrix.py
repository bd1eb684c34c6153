"""The leak matrix: every URL the project serves, requested as every demo role, must never
show a title, file name or file body the role may not see — in the body, the status line
or a header (redirects are not followed; streamed and zipped bodies are read in full).

URLs come from walking the resolver (``enumerate_urls``), ids from the world
(``world``). Run with ``-s`` to see the counts: patterns, filled patterns, (URL, role)
pairs and time taken.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections import defaultdict
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from tests.security.conftest import built_once
from tests.security.enumerate_urls import Filler, requests_for, searched, walk
from tests.security.world import ROLES, build_world

# Leaks a change has not closed yet, as (endpoint key or marker, role) → the issue point
# that will close it; such a leak makes the role xfail instead of fail. An entry that no
# longer leaks fails the test, so the list cannot go stale. Empty: every surface holds.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}

TOTAL = {"pairs": 0, "seconds": 0.0}  # over the roles, printed as they finish

# Requested last: it ends the session the other requests need.
LAST = {"wagtailadmin_logout"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for all roles inside a transaction rolled back at the end, so the
    other test modules never see it."""

    def build():
        started = time.monotonic()
        built = build_world()
        print(f"\n[leak matrix] world built in {time.monotonic() - started:.1f}s")
        return built

    with built_once(django_db_blocker, build) as built:
        yield built


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        # Iterating to the end closes the response the way a server does; closing it by
        # hand again would fire request_finished with close_old_connections connected and
        # drop the test's database connection (PostgreSQL, inside the world's transaction).
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"PK\x03\x04"):  # xlsx, docx, zip: read every member
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                content += b"".join(archive.read(n) for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return content


def forms_of(marker: str) -> list[bytes]:
    """The ways a marker can appear in a response: as UTF-8, JSON/JS-escaped, URL-quoted."""
    escaped = json.dumps(marker)[1:-1]
    return [marker.encode(), escaped.lower().encode(), quote(marker).lower().encode()]


def offers_search(url: str, response, body: bytes) -> bool:
    """A listing with a search box, or a JSON endpoint: worth asking again with ``?q=``."""
    if response.status_code != 200 or "q=" in url:
        return False
    return (
        url.endswith("/results/")
        or b'name="q"' in body
        or response.get("Content-Type", "").startswith("application/json")
    )


EXPORTS = {  # a link's query text → the parameters that ask for that export
    b"export=csv": {"export": "csv"},
    b"export=xlsx": {"export": "xlsx"},
    b"format=csv": {"format": "csv"},
    b"format=xlsx": {"format": "xlsx"},
}


def exports_offered(url: str, response, body: bytes) -> list[str]:
    """The CSV/XLSX exports a listing links to (Wagtail's reports, the registers)."""
    if response.status_code != 200 or "export=" in url or "format=" in url:
        return []
    joiner = "&" if "?" in url else "?"
    return [f"{url}{joiner}{urlencode(q)}" for text, q in EXPORTS.items() if text in body]


def leaks_in(response, body: bytes, markers: list[str]) -> list[tuple[str, str]]:
    head = f"{response.status_code} {response.reason_phrase}\n" + "\n".join(
        f"{k}: {v}" for k, v in response.items()
    )
    lowered = body.lower()
    found = []
    for marker in markers:
        raw, *encoded = forms_of(marker)
        if raw in body or any(form in lowered for form in encoded):
            found.append((marker, "body"))
        if marker in head or any(form.decode() in head.lower() for form in encoded):
            found.append((marker, "status/headers"))
    return found


def run_role(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    filler = Filler(world, role)
    markers = world.protected_for(role)
    endpoints = sorted(walk(), key=lambda e: e.key in LAST)
    leaks, unfilled, errors, pairs = defaultdict(set), [], [], 0
    for endpoint in endpoints:
        urls = requests_for(endpoint, filler)
        if not urls:
            unfilled.append(endpoint.key)
            continue
        queue = list(urls)
        while queue:
            url = queue.pop(0)
            response = client.get(url)
            pairs += 1
            if response.status_code >= 500:
                errors.append(url)
            body = body_of(response)
            for marker, where in leaks_in(response, body, markers):
                leaks[(endpoint.key, marker)].add(f"{url} ({where})")
            if offers_search(url, response, body):
                queue += searched(url, world.search_words)
            queue += exports_offered(url, response, body)
    return leaks, unfilled, errors, pairs, len(endpoints)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_protected_title_file_name_or_body_reaches_a_role(world, role):
    started = time.monotonic()
    leaks, unfilled, errors, pairs, patterns = run_role(world, role)
    elapsed = time.monotonic() - started
    TOTAL["pairs"] += pairs
    TOTAL["seconds"] += elapsed
    print(
        f"\n[leak matrix] {role}: {patterns} URL patterns, {patterns - len(unfilled)} filled, "
        f"{pairs} (URL, {role}) requests, {len(errors)} server errors, {elapsed:.1f}s "
        f"(so far {TOTAL['pairs']} (URL, user) pairs in {TOTAL['seconds']:.0f}s)"
    )
    if unfilled:
        print(f"[leak matrix] {role}: not filled: {', '.join(sorted(set(unfilled)))}")
    if errors:
        print(f"[leak matrix] {role}: 5xx: {', '.join(errors[:20])}")
    known = {pair: why for pair, why in KNOWN_LEAKS.items() if pair[1] == role}

    def why_known(endpoint_key, marker):
        return known.get((endpoint_key, role)) or known.get((marker, role))

    unexpected = {pair: urls for pair, urls in leaks.items() if not why_known(*pair)}
    assert not unexpected, "leaks:\n" + "\n".join(
        f"{key} shows {marker}:\n  " + "\n  ".join(sorted(urls)[:5])
        for (key, marker), urls in sorted(unexpected.items())
    )
    seen = {what for pair in leaks for what in pair}
    stale = [what for (what, _role) in known if what not in seen]
    assert not stale, f"KNOWN_LEAKS entries that no longer leak for {role} (remove them): {stale}"
    if leaks:
        reasons = sorted({why_known(*pair) for pair in leaks})
        print(f"[leak matrix] {role}: known leaks left to other branches:")
        for (key, marker), urls in sorted(leaks.items()):
            print(f"  {key} shows {marker}: {sorted(urls)[0]}")
        pytest.xfail("; ".join(reasons))


@pytest.mark.django_db
def test_every_role_has_a_world_user(world):
    assert set(world.users) == set(ROLES) - {"anonymous"}
