"""Writing the access log (访问日志) and checking its hash chain.

``record_access`` is the one function every reading surface calls (record pages on the
site and in the admin, file downloads and previews, searches, exports, loans, quarantine
downloads). It fails closed: if the line cannot be written the request fails too, since
an access nobody can account for is what the log exists to prevent.

Appending is serialised so the chain never forks: on PostgreSQL a transaction-level
advisory lock is taken before reading the chain head; on SQLite the settings open every
transaction with ``BEGIN IMMEDIATE`` (one writer at a time). ``seq`` and ``prev_hash``
are unique in the table as the last line of defence.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from repository.models import AccessLogEntry, RepositoryPage
from repository.models.access_log import GENESIS_HASH

# pg_advisory_xact_lock key of the chain head ("WENSHU" + 1); any constant would do, as
# long as nothing else in the database uses it.
CHAIN_LOCK_KEY = 0x57454E534855_0001
# A query, file name or other free text is cut here: the log says what was asked, it is
# not a second copy of whatever a client chose to send.
MAX_TEXT = 1000
WRITE_ATTEMPTS = 3


def record_access(
    request, action: str, *, records: Iterable = (), user=None, detail: dict | None = None
) -> AccessLogEntry:
    """Append one line: ``user`` (default: the request's) did ``action`` on ``records``.

    ``records`` are pages or page ids (a queryset of ids will do); the line keeps their ids
    and the highest of their effective classifications as it is now. ``request`` gives
    the user and the address; commands pass ``None`` and the user.
    """
    if user is None and request is not None:
        user = request.user
    if user is not None and not user.is_authenticated:
        user = None
    ids, classification = _ids_and_classification(records)
    fields = {
        "at": timezone.now(),
        "user_id": user.pk if user else None,
        "username": _text(user.get_username())[:150] if user else "",
        "address": client_address(request) if request is not None else None,
        "action": str(action),
        "record_id": ids[0] if ids else None,
        "record_ids": f",{','.join(map(str, ids))}," if len(ids) > 1 else "",
        "classification": classification,
        "detail": _clean(detail or {}),
    }
    return _append(fields)


def client_address(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or — only when the setting
    ``WENSHU_TRUSTED_PROXY_HEADER`` names the header a trusted reverse proxy sets (e.g.
    ``X-Forwarded-For``) — the last address in that header, the one the proxy itself saw.
    Anything that is not an IP address is ignored."""
    candidates = []
    header = getattr(settings, "WENSHU_TRUSTED_PROXY_HEADER", "")
    if header:
        key = header.upper().replace("-", "_")
        key = key if key.startswith("HTTP_") else f"HTTP_{key}"
        candidates.append(request.META.get(key, "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    field = AccessLogEntry._meta.get_field("address")
    for candidate in candidates:
        try:
            # As the database will store it, so the hash matches what is read back.
            return field.get_prep_value(str(ipaddress.ip_address(candidate)))
        except ValueError:
            continue
    return None


def _ids_and_classification(records: Iterable) -> tuple[list[int], int | None]:
    ids: list[int] = []
    levels: list[int] = []
    unknown: list[int] = []
    for item in records:
        if item is None:
            continue
        pk = int(getattr(item, "pk", item))
        if pk in ids:
            continue
        ids.append(pk)
        level = getattr(item, "effective_classification", None)
        if level is None:
            unknown.append(pk)
        else:
            levels.append(level)
    for start in range(0, len(unknown), 500):
        chunk = unknown[start : start + 500]
        level = RepositoryPage.objects.filter(pk__in=chunk).aggregate(
            level=Max("effective_classification")
        )["level"]
        if level is not None:
            levels.append(level)
    return ids, max(levels, default=None)


def _text(value: str) -> str:
    # PostgreSQL stores no NUL; undecodable command-line bytes arrive as lone surrogates.
    value = value.replace("\x00", "")
    return value.encode("utf-8", "backslashreplace").decode("utf-8")[:MAX_TEXT]


def _clean(value):
    """``value`` as JSON will give it back (lists, str keys, text cut), so the hash
    computed now is the hash recomputed from the stored row."""
    value = json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def clean(item):
        if isinstance(item, str):
            return _text(item)
        if isinstance(item, list):
            return [clean(x) for x in item]
        if isinstance(item, dict):
            return {_text(k): clean(v) for k, v in item.items()}
        return item

    return clean(value)


def _lock_chain_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _append(fields: dict) -> AccessLogEntry:
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _lock_chain_head()
                head = AccessLogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
                seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
                entry = AccessLogEntry(seq=seq, prev_hash=prev_hash, **fields)
                entry.hash = entry.compute_hash()
                entry.save()
                return entry
        except IntegrityError:
            # Another writer took this place in the chain (only possible where the lock
            # above does not apply): read the new head and try again.
            if attempt == WRITE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


@dataclass
class ChainCheck:
    rows: int
    head: str  # hash of the last intact row (or the genesis hash)
    broken_seq: int | None = None
    broken_pk: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_pk is None


def _in_order(chunk_size: int) -> Iterator[AccessLogEntry]:
    return AccessLogEntry.objects.order_by("seq").iterator(chunk_size=chunk_size)


def verify_chain(chunk_size: int = 2000) -> ChainCheck:
    """Walk the chain from the first row; stop at the first row that is out of sequence,
    does not point at its predecessor, or whose content no longer matches its hash."""
    expected_seq, prev_hash, rows = 1, GENESIS_HASH, 0
    for entry in _in_order(chunk_size):
        if entry.seq != expected_seq:
            reason = _("expected sequence %(seq)d: rows are missing or were inserted") % {
                "seq": expected_seq
            }
        elif entry.prev_hash != prev_hash:
            reason = (
                f"does not point at the hash of row {expected_seq - 1}: one of the two was altered"
            )
        elif entry.compute_hash() != entry.hash:
            reason = _("content does not match its hash: the row was altered")
        else:
            expected_seq, prev_hash, rows = expected_seq + 1, entry.hash, rows + 1
            continue
        return ChainCheck(rows, prev_hash, entry.seq, entry.pk, reason)
    return ChainCheck(rows, prev_hash)
