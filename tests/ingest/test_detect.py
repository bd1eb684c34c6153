"""Detection refuses every class of bad input the issue lists, each with its own stable
code and a Chinese and English message; good files of each type pass with their real
type, whatever their name says."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ingest import errors, mime
from ingest.detect import detect
from tests.ingest.samples import make_docx, make_pdf

SENTENCE = "关于进一步规范公务接待工作的通知，请各单位遵照执行。"


@pytest.fixture
def docx_file(tmp_path):
    return make_docx(tmp_path / "notice.docx", [SENTENCE] * 3, title="通知", author="办公室")


@pytest.fixture
def pdf_file(tmp_path):
    return make_pdf(tmp_path / "notice.pdf", [[SENTENCE]], title="通知", author="办公室")


def assert_refused(path, error_class, filename=None):
    with pytest.raises(error_class) as caught:
        detect(path, filename)
    error = caught.value
    # Every refusal speaks both languages, Chinese first.
    zh, en = error.message.split(" / ", 1)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert en.isascii() and en
    assert error.retryable is False
    return error


# --- good files -----------------------------------------------------------------------


def test_docx_is_detected_by_content(docx_file):
    assert detect(docx_file).mime == mime.DOCX


def test_docx_named_doc_is_still_docx_but_a_mismatch(docx_file):
    renamed = docx_file.with_suffix(".doc")
    docx_file.rename(renamed)
    error = assert_refused(renamed, errors.TypeMismatchError)
    assert error.code == "type_mismatch" and ".doc" in error.message


def test_pdf_is_detected_with_its_page_count(pdf_file):
    detection = detect(pdf_file)
    assert (detection.mime, detection.page_count, detection.is_pdf) == (mime.PDF, 1, True)


def test_a_pdf_with_an_owner_password_only_is_readable(pdf_file, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(pdf_file))
    writer.encrypt(user_password="", owner_password="owner-secret")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as handle:
        writer.write(handle)
    assert detect(restricted).mime == mime.PDF


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_chinese_text_in_either_encoding_is_text(tmp_path, encoding):
    path = tmp_path / "note.txt"
    path.write_bytes((SENTENCE * 20).encode(encoding))
    assert detect(path).mime == mime.TEXT


def test_the_original_name_decides_the_expected_type_not_the_stored_name(tmp_path):
    stored = tmp_path / "sha256-abcdef"  # content-addressed storage has no extension
    stored.write_text(SENTENCE, encoding="utf-8")
    assert_refused(stored, errors.TypeMismatchError, filename="通知.pdf")
    assert detect(stored, filename="通知.txt").mime == mime.TEXT


def test_an_ordinary_zip_archive_passes(tmp_path):
    path = tmp_path / "batch.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", SENTENCE * 50)
    assert detect(path).is_archive


# --- bad input, one test per class ----------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert assert_refused(path, errors.EmptyFileError).code == "empty_file"


def test_file_over_the_size_limit(tmp_path, settings):
    settings.WENSHU_MAX_FILE_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text(SENTENCE * 10, encoding="utf-8")
    assert assert_refused(path, errors.FileTooLargeError).code == "file_too_large"


def test_truncated_pdf(pdf_file):
    data = pdf_file.read_bytes()
    pdf_file.write_bytes(data[: len(data) // 2])
    assert assert_refused(pdf_file, errors.TruncatedFileError).code == "truncated_file"


def test_truncated_docx(docx_file):
    data = docx_file.read_bytes()
    docx_file.write_bytes(data[: len(data) // 2])
    assert isinstance(assert_refused(docx_file, errors.CorruptFileError), errors.CorruptFileError)


def test_corrupt_pdf_body(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    assert assert_refused(path, errors.CorruptFileError).code == "corrupt_file"


def test_random_bytes_named_docx(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(os.urandom(8192))
    error = assert_refused(path, errors.TypeMismatchError)
    assert ".docx" in error.message


def test_random_bytes_without_a_known_extension(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(os.urandom(8192))
    assert assert_refused(path, errors.UnknownTypeError).code == "unknown_type"


def test_text_file_named_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_text(SENTENCE * 10, encoding="utf-8")
    error = assert_refused(path, errors.TypeMismatchError)
    assert "text/plain" in error.message and ".pdf" in error.message


def test_password_protected_pdf(pdf_file, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(pdf_file))
    writer.encrypt(user_password="open-sesame", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert assert_refused(locked, errors.EncryptedDocumentError).code == "encrypted"


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (64 * 1024 * 1024))  # 64 MiB → ~64 kB
    assert path.stat().st_size < 200_000
    error = assert_refused(path, errors.ArchiveTooLargeError)
    assert error.code == "archive_limits" and "zeros.txt" in error.message


def test_zip_over_the_uncompressed_size_limit(tmp_path, settings):
    settings.WENSHU_MAX_UNCOMPRESSED_BYTES = 10_000
    path = tmp_path / "large.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", SENTENCE.encode() * 400)
    assert_refused(path, errors.ArchiveTooLargeError)


def test_zip_with_too_many_members(tmp_path, settings):
    settings.WENSHU_MAX_ARCHIVE_MEMBERS = 50
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(51):
            archive.writestr(f"{number}.txt", "x")
    assert_refused(path, errors.ArchiveTooLargeError)


def test_zip_that_lies_about_its_sizes_is_caught_when_decompressed(tmp_path, settings):
    settings.WENSHU_MAX_UNCOMPRESSED_BYTES = 3 * 1024 * 1024
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.bin", os.urandom(4 * 1024 * 1024))
    # Forge the central directory's uncompressed size to a harmless 1 kB.
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert_refused(path, errors.CorruptFileError)  # the CRC of the short read fails


def test_ooxml_container_bomb(docx_file, tmp_path):
    """A .docx is a zip: a bomb hidden inside a Word file is refused like any other."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(docx_file) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        target.writestr("word/media/huge.bin", b"A" * (32 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    assert detect(docx_file).mime == mime.DOCX
    assert_refused(bomb, errors.ArchiveTooLargeError)


def test_image_over_the_pixel_limit(tmp_path, settings):
    settings.WENSHU_MAX_IMAGE_PIXELS = 1_000_000
    path = tmp_path / "scan.png"
    Image.new("L", (1200, 1000), 255).save(path)
    error = assert_refused(path, errors.ImageTooLargeError)
    assert "1200000" in error.message


def test_image_over_pillows_own_bomb_limit_is_refused_not_crashed(tmp_path):
    path = tmp_path / "huge.png"
    # A 1-bit 20000 x 10000 image: 200 megapixels in a few kB.
    Image.new("1", (20_000, 10_000), 1).save(path)
    assert_refused(path, errors.ImageTooLargeError)


def test_truncated_image(tmp_path):
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 50).save(buffer, format="PNG")
    path = tmp_path / "scan.png"
    path.write_bytes(buffer.getvalue()[:5000])
    assert_refused(path, errors.TruncatedFileError)


def test_error_codes_are_unique_and_stable():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Exception)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))
    assert errors.ServiceUnavailableError(service="Tika").as_dict()["retryable"] is True
    assert errors.EncryptedDocumentError().as_dict() == {
        "code": "encrypted",
        "message": "文件受密码保护，请提供未加密的版本 / "
        "The file is password-protected; please provide an unencrypted copy",
        "retryable": False,
        "detail": "",
    }
