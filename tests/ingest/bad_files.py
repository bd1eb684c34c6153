"""One builder per class of bad input the issue lists, shared by the pipeline and the
command tests. Each returns the file and the error code the pipeline must report."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.ingest.samples import make_docx, make_pdf

SENTENCE = "关于进一步规范公务接待工作的通知，请各单位遵照执行。"


def _pdf(tmp: Path) -> Path:
    return make_pdf(tmp / "source.pdf", [[SENTENCE]], title="通知", author="办公室")


def empty(tmp: Path) -> Path:
    path = tmp / "empty.pdf"
    path.write_bytes(b"")
    return path


def truncated_pdf(tmp: Path) -> Path:
    data = _pdf(tmp).read_bytes()
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_docx(tmp: Path) -> Path:
    data = make_docx(tmp / "s.docx", [SENTENCE] * 3, title="通知", author="x").read_bytes()
    path = tmp / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_pdf(tmp: Path) -> Path:
    path = tmp / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    return path


def random_docx(tmp: Path) -> Path:
    path = tmp / "report.docx"
    path.write_bytes(os.urandom(8192))
    return path


def text_named_pdf(tmp: Path) -> Path:
    path = tmp / "scan.pdf"
    path.write_text(SENTENCE * 10, encoding="utf-8")
    return path


def password_pdf(tmp: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(_pdf(tmp)))
    writer.encrypt(user_password="open-sesame", owner_password="owner")
    path = tmp / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def zip_bomb(tmp: Path) -> Path:
    path = tmp / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (64 * 1024 * 1024))
    return path


def docx_bomb(tmp: Path) -> Path:
    source = make_docx(tmp / "s2.docx", [SENTENCE], title="通知", author="x")
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as target:
        for item in original.infolist():
            target.writestr(item, original.read(item.filename), zipfile.ZIP_DEFLATED)
        target.writestr("word/media/huge.bin", b"A" * (32 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    return path


def huge_image(tmp: Path) -> Path:
    path = tmp / "huge.png"
    Image.new("1", (20_000, 10_000), 1).save(path)  # 200 megapixels in a few kB
    return path


def truncated_image(tmp: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 50).save(buffer, format="PNG")
    path = tmp / "cut.png"
    path.write_bytes(buffer.getvalue()[:5000])
    return path


def random_bytes(tmp: Path) -> Path:
    path = tmp / "blob.bin"
    path.write_bytes(os.urandom(8192))
    return path


BAD_FILES = {
    "empty_file": empty,
    "truncated_file": truncated_pdf,
    "corrupt_file": corrupt_pdf,
    "type_mismatch": random_docx,
    "encrypted": password_pdf,
    "archive_limits": zip_bomb,
    "image_too_large": huge_image,
    "unknown_type": random_bytes,
}
# Same codes reached another way (a second builder per class where the issue names two).
MORE_BAD_FILES = {
    "truncated_docx": (truncated_docx, ("truncated_file", "corrupt_file")),
    "text_named_pdf": (text_named_pdf, ("type_mismatch",)),
    "docx_bomb": (docx_bomb, ("archive_limits",)),
    "truncated_image": (truncated_image, ("truncated_file",)),
}
