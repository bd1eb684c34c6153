"""Nested zip archives: unpacked to a bounded depth, with the decompression limits held
for the whole tree (real bytes, member count, ratio), so that a bomb hidden one level
down is refused like one at the top — as one file, quarantined, nothing stored changing."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from django.core.management import call_command

from ingest import archives, errors
from ingest.detect import detect
from ingest.models import QuarantineEntry
from ingest.services.quarantine import quarantined_path
from ingest.services.sources import collect
from tests.ingest.conftest import store_snapshot
from tests.ingest.samples import make_docx

SENTENCE = "关于进一步规范公务接待工作的通知，请各单位遵照执行。"


def zip_bytes(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def nest(depth: int, leaf: dict[str, bytes]) -> bytes:
    """``depth`` archives inside each other (1: a plain archive), ``leaf`` innermost."""
    data = zip_bytes(leaf)
    for level in range(depth - 1, 0, -1):
        data = zip_bytes({f"level{level}.zip": data})
    return data


@pytest.fixture
def letter(tmp_path):
    def build(number: int) -> bytes:
        path = make_docx(
            tmp_path / f"letter{number}.docx",
            [f"第{number}封公函。", SENTENCE],
            title=f"公函{number}",
            author="办公室",
        )
        return path.read_bytes()

    return build


def test_a_department_zip_inside_the_sending_zip_lists_every_document(letter, tmp_path):
    inner = zip_bytes({"公函/a.docx": letter(1), "公函/b.docx": letter(2), ".DS_Store": b"x"})
    outer = tmp_path / "sending.zip"
    outer.write_bytes(
        zip_bytes({"办公室.zip": inner, "c.docx": letter(3), "__MACOSX/._c.docx": b"fork"})
    )
    assert detect(outer).is_archive
    sources = collect([outer])
    assert sorted(s.members for s in sources) == [
        ("c.docx",),
        ("办公室.zip", "公函/a.docx"),
        ("办公室.zip", "公函/b.docx"),
    ]
    nested = next(s for s in sources if len(s.members) == 2 and s.members[1].endswith("a.docx"))
    assert nested.name == f"{outer}/办公室.zip/公函/a.docx"
    with nested.open() as stream:
        assert stream.read() == letter(1)


def test_listing_an_archive_decompresses_each_member_once(letter, tmp_path, monkeypatch):
    """The walk that checks the limits is the one that lists the documents: a large
    archive costs one decompression of each member (nested archive included), not two."""
    inner = zip_bytes({"a.docx": letter(1), "b.txt": SENTENCE.encode()})
    outer = tmp_path / "sending.zip"
    outer.write_bytes(zip_bytes({"办公室.zip": inner, "c.docx": letter(3)}))
    decompressed = []
    count_member = archives.count_member

    def counting(archive, member, budget, sink=None):
        decompressed.append(member.filename)
        return count_member(archive, member, budget, sink=sink)

    monkeypatch.setattr(archives, "count_member", counting)
    sources = collect([outer])
    assert sorted(s.members for s in sources) == [
        ("c.docx",),
        ("办公室.zip", "a.docx"),
        ("办公室.zip", "b.txt"),
    ]
    assert sorted(decompressed) == ["a.docx", "b.txt", "c.docx", "办公室.zip"]


def test_office_files_inside_an_archive_are_documents_not_archives(letter, tmp_path):
    outer = tmp_path / "one.zip"
    outer.write_bytes(zip_bytes({"a.docx": letter(1)}))
    assert archives.scan(outer) == [("a.docx",)]


def test_nesting_up_to_the_limit_is_unpacked(tmp_path, settings):
    settings.WENSHU_MAX_ARCHIVE_DEPTH = 2
    path = tmp_path / "deep.zip"
    path.write_bytes(nest(3, {"note.txt": SENTENCE.encode()}))
    assert archives.scan(path) == [("level1.zip", "level2.zip", "note.txt")]


def test_nesting_beyond_the_limit_is_refused_as_one_file(tmp_path, settings):
    settings.WENSHU_MAX_ARCHIVE_DEPTH = 2
    path = tmp_path / "too-deep.zip"
    path.write_bytes(nest(4, {"note.txt": SENTENCE.encode()}))
    with pytest.raises(errors.ArchiveTooLargeError) as caught:
        detect(path)
    assert "level3.zip" in caught.value.message and "嵌套" in caught.value.message
    [whole] = collect([path])  # handed on as one file, for the pipeline to refuse
    assert whole.members == ()


def test_a_bomb_one_level_down_is_refused(tmp_path):
    """The inner archive is small and its ratio harmless; its member is 64 MiB of zeros."""
    path = tmp_path / "hidden-bomb.zip"
    path.write_bytes(zip_bytes({"inner.zip": zip_bytes({"zeros.txt": b"\0" * (64 << 20)})}))
    assert path.stat().st_size < 300_000
    with pytest.raises(errors.ArchiveTooLargeError) as caught:
        detect(path)
    assert "zeros.txt" in caught.value.message


def test_total_size_counts_every_level(tmp_path, settings):
    """Each archive alone is under the limit; together they are not (42.zip's trick)."""
    settings.WENSHU_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    inner = zip_bytes({"data.bin": os.urandom(400_000)}, zipfile.ZIP_STORED)
    path = tmp_path / "wide.zip"
    path.write_bytes(zip_bytes({f"part{n}.zip": inner for n in range(3)}, zipfile.ZIP_STORED))
    with zipfile.ZipFile(path) as archive:  # the outer level alone passes
        assert sum(m.file_size for m in archive.infolist()) < 1_300_000
    with pytest.raises(errors.ArchiveTooLargeError):
        detect(path)


def test_member_count_counts_every_level(tmp_path, settings):
    settings.WENSHU_MAX_ARCHIVE_MEMBERS = 50
    inner = zip_bytes({f"{n}.txt": b"x" for n in range(30)})
    path = tmp_path / "many.zip"
    path.write_bytes(zip_bytes({"a.zip": inner, "b.zip": inner}))
    with pytest.raises(errors.ArchiveTooLargeError) as caught:
        detect(path)
    assert "62" in caught.value.message  # 2 + 30 + 30 entries


@pytest.mark.django_db
@pytest.mark.usefixtures("builtin_only")
def test_command_files_nested_members_and_quarantines_a_nested_bomb(letter, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "letters.zip").write_bytes(
        zip_bytes({"2025.zip": zip_bytes({"a.docx": letter(1)}), "b.docx": letter(2)})
    )
    bomb = batch / "bomb.zip"
    bomb.write_bytes(zip_bytes({"inner.zip": zip_bytes({"zeros.txt": b"\0" * (64 << 20)})}))
    before = store_snapshot()

    out = io.StringIO()
    call_command("ingest", str(batch), "--json", stdout=out, stderr=io.StringIO())
    results = {r["path"]: r for r in map(json.loads, out.getvalue().splitlines())}

    assert results[f"{batch}/letters.zip/2025.zip/a.docx"]["status"] == "created"
    assert results[f"{batch}/letters.zip/b.docx"]["status"] == "created"
    refused = results[str(bomb)]
    assert refused["status"] == "error" and refused["error"]["code"] == "archive_limits"
    assert len(results) == 3
    entry = QuarantineEntry.objects.get()
    assert quarantined_path(entry).read_bytes() == bomb.read_bytes()
    after = store_snapshot()
    assert {k: after[k] for k in before} == before
