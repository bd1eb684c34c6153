"""Health checks behind ``python manage.py doctor``.

One small probe per component. Each says whether the component is configured (an unset
URL means the embedded engine is used instead, which is not an error), whether it
answers, its version, and what to do when it does not. Probes talk to services through
the same client libraries the app uses, with short timeouts, so a dead service is
reported in seconds rather than hanging the command.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

PROBE_TIMEOUT = 5  # seconds
REQUIRED_OCR_LANGUAGES = ("chi_sim", "chi_tra", "eng")
CHINESE_ANALYSIS_PLUGINS = ("analysis-smartcn", "analysis-icu")
STALE_QUEUE_AFTER = timedelta(minutes=10)


@dataclass
class ComponentStatus:
    name: str
    configured: bool
    ok: bool
    version: str = ""
    detail: str = ""
    hint: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Only a configured component that does not work fails the doctor."""
        return self.configured and not self.ok

    def as_dict(self) -> dict:
        return {**asdict(self), "failed": self.failed}


def check_database() -> ComponentStatus:
    vendor = connection.vendor
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute("SHOW server_version")
            else:
                cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
    except Exception as exc:  # any driver error means "unreachable" here
        return ComponentStatus(
            "database",
            True,
            False,
            detail=f"{vendor}: {exc}",
            hint=_("Check DATABASE_URL, or run `make services` to start PostgreSQL."),
        )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    detail = f"{vendor} {connection.settings_dict.get('NAME')}"
    if pending:
        return ComponentStatus(
            "database",
            True,
            False,
            version,
            detail,
            _("%(n)d migrations not applied: run `python manage.py migrate`.")
            % {"n": len(pending)},
        )
    return ComponentStatus("database", True, True, version, detail)


def check_opensearch() -> ComponentStatus:
    url = settings.OPENSEARCH_URL
    if not url:
        return ComponentStatus(
            "opensearch",
            False,
            True,
            detail=_("not configured: embedded search engine in use"),
            hint=_("Set OPENSEARCH_URL to use OpenSearch."),
        )
    from opensearchpy import OpenSearch
    from opensearchpy.exceptions import OpenSearchException

    client = OpenSearch([url], timeout=PROBE_TIMEOUT, max_retries=0)
    try:
        info = client.info()
        nodes = client.nodes.info(metric="plugins")  # lists modules too
    except (OpenSearchException, OSError) as exc:
        return ComponentStatus(
            "opensearch",
            True,
            False,
            detail=f"{url}: {exc}",
            hint=_("Start it with `make services`, or check OPENSEARCH_URL."),
        )
    names: set[str] = set()
    for node in nodes.get("nodes", {}).values():
        names.update(p["name"] for p in node.get("plugins", []))
        names.update(m["name"] for m in node.get("modules", []))
    analysis = sorted(n for n in names if n.startswith("analysis-"))
    missing = [p for p in (*CHINESE_ANALYSIS_PLUGINS, "analysis-common") if p not in names]
    status = ComponentStatus(
        "opensearch",
        True,
        not missing,
        info["version"]["number"],
        f"{url} ({info['version'].get('distribution', 'opensearch')}); "
        + _("analysis: %(names)s") % {"names": ", ".join(analysis) or "-"},
        extra={"analysis_plugins": analysis},
    )
    if missing:
        status.hint = _("Missing analysis plugins %(names)s: reinstall with `make services`.") % {
            "names": ", ".join(missing)
        }
    return status


def check_tika() -> ComponentStatus:
    url = settings.TIKA_URL
    if not url:
        return ComponentStatus(
            "tika",
            False,
            True,
            detail=_("not configured: built-in extractors in use"),
            hint=_("Set TIKA_URL to extract text from more formats."),
        )
    import requests

    try:
        response = requests.get(f"{url.rstrip('/')}/version", timeout=PROBE_TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as exc:
        return ComponentStatus(
            "tika",
            True,
            False,
            detail=f"{url}: {exc}",
            hint=_("Start it with `make services`, or check TIKA_URL."),
        )
    return ComponentStatus("tika", True, True, response.text.strip(), url)


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=PROBE_TIMEOUT * 3)
    return (done.stdout or done.stderr).strip()


def check_tesseract() -> ComponentStatus:
    binary = shutil.which("tesseract")
    if not binary:
        return ComponentStatus(
            "tesseract",
            True,
            False,
            detail=_("tesseract not found on PATH"),
            hint=_("Install it with `make services` (Debian: tesseract-ocr-chi-sim)."),
        )
    version = _run([binary, "--version"]).splitlines()[0]
    languages = _run([binary, "--list-langs"]).splitlines()[1:]
    missing = [lang for lang in REQUIRED_OCR_LANGUAGES if lang not in languages]
    status = ComponentStatus(
        "tesseract",
        True,
        not missing,
        version.removeprefix("tesseract ").strip(),
        _("languages: %(langs)s") % {"langs": ", ".join(sorted(languages))},
        extra={"languages": languages},
    )
    if missing:
        status.hint = _("Missing OCR languages %(langs)s: run `make services`.") % {
            "langs": ", ".join(missing)
        }
    return status


def check_ocrmypdf() -> ComponentStatus:
    try:
        import ocrmypdf
    except ImportError:
        return ComponentStatus(
            "ocrmypdf",
            True,
            False,
            detail=_("the ocrmypdf package is not installed"),
            hint=_("Run `make install`."),
        )
    ghostscript = shutil.which("gs")
    if not ghostscript:
        return ComponentStatus(
            "ocrmypdf",
            True,
            False,
            ocrmypdf.__version__,
            _("Ghostscript (gs) not found"),
            _("Install it with `make services` (Debian: ghostscript)."),
        )
    return ComponentStatus(
        "ocrmypdf",
        True,
        True,
        ocrmypdf.__version__,
        f"ghostscript {_run([ghostscript, '--version'])}",
    )


def check_task_worker() -> ComponentStatus:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return ComponentStatus(
            "tasks",
            True,
            True,
            detail=_("%(backend)s: jobs run immediately, no worker needed")
            % {"backend": backend.rsplit(".", 1)[-1]},
        )
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        count = queued.count()
        oldest = queued.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as exc:  # missing table or database down
        return ComponentStatus(
            "tasks", True, False, detail=str(exc), hint=_("Run `python manage.py migrate`.")
        )
    detail = _("database queue: %(n)d waiting") % {"n": count}
    if oldest and timezone.now() - oldest > STALE_QUEUE_AFTER:
        return ComponentStatus(
            "tasks",
            True,
            False,
            detail=detail + _(", oldest since %(t)s") % {"t": oldest},
            hint=_("No worker seems to be running: start `%(command)s`.")
            % {"command": "python manage.py db_worker --queue-name '*'"},
        )
    return ComponentStatus("tasks", True, True, detail=detail)


CHECKS: tuple[Callable[[], ComponentStatus], ...] = (
    check_database,
    check_opensearch,
    check_tika,
    check_tesseract,
    check_ocrmypdf,
    check_task_worker,
)


def run_checks() -> list[ComponentStatus]:
    return [check() for check in CHECKS]
