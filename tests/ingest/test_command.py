"""``manage.py ingest``: files, folders and zip archives; one JSON line per file; exit 0
whatever each file's outcome; quarantine and an unchanged store for the bad ones."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from ingest.models import IngestJob, QuarantineEntry
from tests.ingest.bad_files import BAD_FILES, MORE_BAD_FILES
from tests.ingest.conftest import store_snapshot
from tests.ingest.samples import make_docx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("builtin_only")]
KEYS = {"path", "status", "page_id", "sha256", "ocr", "text_chars", "error"}


def run(*args) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, args), "--json", stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_json_has_exactly_one_line_per_file_with_the_documented_shape(official_docx, lines):
    [result] = run(official_docx, "--include-text")
    assert set(result) == KEYS | {"text"}
    assert result["status"] == "created" and result["error"] is None
    assert result["path"] == str(official_docx)
    assert len(result["sha256"]) == 64 and result["ocr"] is False
    assert result["text_chars"] == len(result["text"]) and lines[0] in result["text"]
    [again] = run(official_docx)
    assert set(again) == KEYS
    assert (again["status"], again["page_id"]) == ("duplicate", result["page_id"])


def test_folder_with_zip_and_bad_files_is_processed_entirely(official_docx, plain_pdf, tmp_path):
    batch = tmp_path / "batch"
    (batch / "sub").mkdir(parents=True)
    (batch / "notice.docx").write_bytes(official_docx.read_bytes())
    (batch / "sub" / "plan.pdf").write_bytes(plain_pdf.read_bytes())
    (batch / ".hidden.docx").write_bytes(b"ignored")
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = [builder(bad_dir) for builder in BAD_FILES.values()]
    bad += [builder(bad_dir) for builder, _ in MORE_BAD_FILES.values()]
    for path in bad:
        (batch / "sub" / path.name).write_bytes(path.read_bytes())
    with zipfile.ZipFile(batch / "letters.zip", "w") as archive:
        for number in range(2):
            doc = make_docx(
                tmp_path / f"l{number}.docx",
                [f"第{number}封公函。"],
                title=f"公函{number}",
                author="x",
            )
            archive.write(doc, f"公函/{doc.name}")
        archive.writestr("__MACOSX/._junk", b"junk")
    first = run(official_docx)[0]
    before = store_snapshot()

    results = run(batch)

    assert len(results) == 2 + len(bad) + 2  # the archive counts by its members
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in results}
    assert by_name["notice.docx"]["status"] == "duplicate"
    assert by_name["notice.docx"]["page_id"] == first["page_id"]
    assert by_name["plan.pdf"]["status"] == "created"
    assert {by_name[f"l{n}.docx"]["status"] for n in range(2)} == {"created"}
    assert str(batch / "letters.zip") + "/公函/l0.docx" in {r["path"] for r in results}
    for path in bad:
        result = by_name[path.name]
        assert result["status"] == "error" and result["page_id"] is None
        assert " / " in result["error"]["message"] and result["error"]["code"]
    assert QuarantineEntry.objects.count() == len(bad)
    after = store_snapshot()
    assert {k: after[k] for k in before} == before


def test_zip_bomb_given_as_an_archive_is_one_error_line(tmp_path):
    [result] = run(BAD_FILES["archive_limits"](tmp_path))
    assert result["status"] == "error" and result["error"]["code"] == "archive_limits"


def test_background_enqueues_jobs_on_the_ingest_queue(official_docx, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "ingest"],
        }
    }
    from ingest.tasks import process_job

    [result] = run(official_docx, "--background")
    assert result["status"] == "queued" and result["page_id"] is None
    [queued] = process_job.get_backend().results
    job = IngestJob.objects.get()
    assert queued.args == [job.pk] and job.status == "queued"


def test_parent_must_hold_records(official_docx):
    from tests.factories import OfficialDocumentPageFactory

    record = OfficialDocumentPageFactory()
    with pytest.raises(CommandError):
        run(official_docx, "--parent", record.pk)


@pytest.mark.slow
def test_command_runs_in_a_subprocess_with_exit_code_zero(official_docx, tmp_path):
    from tests.conftest import embedded_env, manage

    env = embedded_env(tmp_path / "data")
    manage("migrate", "--verbosity", "0", env=env)
    bad = BAD_FILES["empty_file"](tmp_path)
    done = manage("ingest", str(official_docx), str(bad), "--json", env=env, check=False)
    assert done.returncode == 0, done.stderr
    statuses = [json.loads(line)["status"] for line in done.stdout.splitlines()]
    assert statuses == ["created", "error"]
