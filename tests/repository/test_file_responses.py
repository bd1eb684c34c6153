"""Files leave Wenshu typed by their bytes, never run by the browser: only PDF, PNG, JPEG,
TIFF and plain text may be shown inline (and then sandboxed), everything else downloads;
the admin upload stores what the bytes are, not what the browser claimed."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from repository.models import AttachedFile
from repository.services.files import attach_original
from tests.factories import (
    DepartmentFactory,
    DepartmentPageFactory,
    OfficialDocumentPageFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def office():
    dept = DepartmentFactory()
    branch = DepartmentPageFactory(department=dept)
    grant(dept.group, branch, "view_page", "change_page")
    doc = OfficialDocumentPageFactory(parent=branch, title="接待通知")
    editor = UserFactory(departments=[dept])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return dict(doc=doc, editor=editor)


def fetch(client, office, content: bytes, name: str, query: str = "?inline=1"):
    attachment = attach_original(office["doc"], io.BytesIO(content), name)
    client.force_login(office["editor"])
    response = client.get(f"/files/{attachment.pk}/{query}")
    assert response.status_code == 200
    return response


def disposition(response) -> str:
    return response["Content-Disposition"].split(";", 1)[0]


def assert_hardened(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    "content, name",
    [(HTML, "page.html"), (HTML, "scan.pdf"), (SVG, "logo.svg"), (HTML, "notes.txt")],
)
def test_active_content_is_never_inline(client, office, content, name):
    response = fetch(client, office, content, name)
    assert disposition(response) == "attachment"
    assert_hardened(response)
    # The type is what the bytes are, not what the name says.
    assert not response["Content-Type"].startswith(("application/pdf", "text/plain"))


def test_allowed_types_are_inline_on_request_and_sandboxed(client, office):
    pdf = fetch(client, office, PDF, "签报.pdf")
    assert (disposition(pdf), pdf["Content-Type"]) == ("inline", "application/pdf")
    assert_hardened(pdf)
    png = fetch(client, office, png_bytes(), "图.png")
    assert (disposition(png), png["Content-Type"]) == ("inline", "image/png")
    assert_hardened(png)


def test_without_inline_everything_downloads(client, office):
    response = fetch(client, office, PDF, "签报.pdf", query="")
    assert disposition(response) == "attachment"
    assert_hardened(response)


def test_a_pdf_named_html_is_served_as_the_pdf_it_is(client, office):
    response = fetch(client, office, PDF, "report.html")
    assert (disposition(response), response["Content-Type"]) == ("inline", "application/pdf")


def test_chinese_file_names_are_sent_rfc5987_encoded(client, office):
    response = fetch(client, office, PDF, "关于接待工作的通知.pdf", query="")
    header = response["Content-Disposition"]
    assert "filename*=utf-8''%E5%85%B3%E4%BA%8E" in header
    assert header.endswith("%E9%80%9A%E7%9F%A5.pdf")


def test_plain_text_announces_its_charset(client, office):
    utf8 = fetch(client, office, "会议签到表\n".encode(), "签到表.txt")
    assert utf8["Content-Type"] == "text/plain; charset=utf-8"
    assert disposition(utf8) == "inline"
    gb = fetch(client, office, "示范市接待办公室会议签到表\n".encode("gb18030"), "旧.txt")
    assert gb["Content-Type"] == "text/plain; charset=gb18030"


def test_admin_upload_stores_the_type_of_the_bytes_not_the_browsers(client, office):
    client.force_login(office["editor"])
    url = f"/admin/repository/pages/{office['doc'].pk}/files/"
    client.post(
        url,
        {
            "files": [
                SimpleUploadedFile("scan.pdf", PDF, content_type="text/html"),
                SimpleUploadedFile("invoice.pdf", HTML, content_type="application/pdf"),
            ]
        },
    )
    scan = AttachedFile.objects.get(filename="scan.pdf")
    disguised = AttachedFile.objects.get(filename="invoice.pdf")
    assert scan.stored_file.mime_type == "application/pdf"
    assert disguised.stored_file.mime_type == "text/html"
    served = client.get(f"/files/{disguised.pk}/?inline=1")
    assert disposition(served) == "attachment"
    assert served["Content-Type"] == "text/html"
