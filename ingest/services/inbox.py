"""The watched folder (``WENSHU_INBOX_DIR``): files dropped there are ingested into the
收件箱 and moved aside, into ``processed/`` or ``failed/`` beside them.

Why move only after storing: the original is in the content-addressed store once
``submit`` returns, so moving it can never lose it; a file still being copied in (changed
in the last ``WENSHU_INBOX_SETTLE_SECONDS``) is left for the next round.

Why only plain files that live in the folder: whoever may drop files into the inbox is
not whoever may read the server's files. A symbolic link named ``report.pdf`` pointing at
the administrator's credentials or the database would otherwise be read by the worker
and filed as a record anyone in the inbox's branch can download. So links (to files or
folders, wherever they point), FIFOs, devices and files with other hard links are never
opened: they are moved into ``refused/`` with a ``.refused.txt`` note saying why, and
reported. Files are opened component by component with ``O_NOFOLLOW`` from the folder
itself, so a folder swapped for a link between the scan and the read is refused too.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ingest.models import IngestJob
from ingest.services import jobs
from ingest.services.results import job_status

logger = logging.getLogger(__name__)

PROCESSED, FAILED, REFUSED = "processed", "failed", "refused"
ASIDE = (PROCESSED, FAILED, REFUSED)


class RefusedEntry(Exception):
    """An inbox entry that is not a plain file inside the folder; the message says why."""


@dataclass(frozen=True)
class Refusal:
    path: Path  # where it was found
    reason: str
    kept_at: Path | None  # where it was moved, None if it could not be moved


Reporter = Callable[[Refusal], None]


def inbox_dir() -> Path | None:
    configured = getattr(settings, "WENSHU_INBOX_DIR", None)
    return Path(configured) if configured else None


def _is_hidden_or_aside(relative: Path) -> bool:
    return relative.parts[0] in ASIDE or any(part.startswith(".") for part in relative.parts)


def scan(root: Path, settle_seconds: float) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Plain files waiting in ``root`` (settled), and entries to refuse with the reason.

    Nothing is followed: links to folders are not entered, links to files not read."""
    now = time.time()
    waiting: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for current, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(current)
        kept_dirs = []
        for name in sorted(dirnames):
            relative = (here / name).relative_to(root)
            if _is_hidden_or_aside(relative):
                continue
            if os.path.islink(here / name):
                refused.append((here / name, _refusal_reason(os.lstat(here / name))))
            else:
                kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            path = here / name
            if _is_hidden_or_aside(path.relative_to(root)):
                continue
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue  # taken away meanwhile
            reason = _refusal_reason(info)
            if reason:
                refused.append((path, reason))
            elif now - info.st_mtime >= settle_seconds:
                waiting.append(path)
    return waiting, refused


def waiting_files(root: Path, settle_seconds: float) -> list[Path]:
    return scan(root, settle_seconds)[0]


def _refusal_reason(info: os.stat_result) -> str:
    if stat.S_ISLNK(info.st_mode):
        return _("It is a symbolic link; links are never followed. Nothing was ingested.")
    if not stat.S_ISREG(info.st_mode):
        return _("It is not a regular file. Nothing was ingested.")
    if info.st_nlink > 1:
        return _(
            "It has other hard links, so its bytes may belong to a file outside the inbox. "
            "Nothing was ingested."
        )
    return ""


def open_inside(root: Path, path: Path):
    """``path`` (inside ``root``) opened for reading without following any link on the
    way, as a binary file object; ``RefusedEntry`` if it is not a plain file there."""
    relative = path.relative_to(root)
    directory = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in relative.parts[:-1]:
            try:
                inner = os.open(
                    part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory
                )
            except OSError as exc:  # ELOOP for a link, ENOTDIR for a swapped file
                raise RefusedEntry(
                    _("A folder on its way is a symbolic link. Nothing was ingested.")
                ) from exc
            os.close(directory)
            directory = inner
        try:
            fd = os.open(
                relative.parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=directory
            )
        except OSError as exc:
            raise RefusedEntry(_refusal_reason(os.lstat(path)) or str(exc)) from exc
    finally:
        os.close(directory)
    reason = _refusal_reason(os.fstat(fd))
    if reason:
        os.close(fd)
        raise RefusedEntry(reason)
    return os.fdopen(fd, "rb")


def consume_inbox(
    root: Path | None = None, *, background: bool = False, report: Reporter | None = None
) -> list[IngestJob]:
    """One round over the inbox: ingest the waiting files, move them aside, refuse (and
    ``report``) what is not a plain file inside it. Returns the jobs."""
    root = root or inbox_dir()
    if root is None or not root.is_dir():
        return []
    root = root.resolve()  # the folder itself may be a link an administrator configured
    report = report or _log_refusal
    settle = float(getattr(settings, "WENSHU_INBOX_SETTLE_SECONDS", 5))
    waiting, refused = scan(root, settle)
    for path, reason in refused:
        report(_refuse(root, path, reason))
    handled = []
    for path in waiting:
        try:
            with open_inside(root, path) as stream:
                job = jobs.submit(stream, source_name=str(path))
        except RefusedEntry as refusal:
            report(_refuse(root, path, str(refusal)))
            continue
        except FileNotFoundError:
            continue
        if background:
            jobs.schedule(job)
        else:
            job = jobs.run_job(job.pk)
        job.refresh_from_db()
        _move_aside(root, path, FAILED if job_status(job) == IngestJob.Outcome.ERROR else PROCESSED)
        handled.append(job)
    return handled


def _aside_target(root: Path, path: Path, where: str) -> Path:
    target = root / where / timezone.now().strftime("%Y%m%d") / path.relative_to(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(target):
        target = target.with_name(f"{target.stem}-{int(time.time() * 1000)}{target.suffix}")
    return target


def _move_aside(root: Path, path: Path, where: str) -> Path:
    target = _aside_target(root, path, where)
    shutil.move(str(path), target)
    return target


def _refuse(root: Path, path: Path, reason: str) -> Refusal:
    """Move the entry itself (a link is moved as a link, never followed) into
    ``refused/`` with a note beside it."""
    try:
        target = _aside_target(root, path, REFUSED)
        os.rename(path, target)
        note = target.with_name(f"{target.name}.refused.txt")
        note.write_text(f"{path.relative_to(root)}\n{reason}\n", encoding="utf-8")
    except OSError:
        logger.exception("could not move %s aside", path)
        target = None
    return Refusal(path, reason, target)


def _log_refusal(refusal: Refusal) -> None:
    logger.warning("inbox: refused %s: %s", refusal.path, refusal.reason)
