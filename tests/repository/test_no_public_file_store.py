"""Wagtail's documents and images are switched off: the only files Wenshu serves are a
record's own, under the visibility rule. ``/documents/<id>/<name>`` served anonymous
users; now no URL of either app answers, the admin does not offer them, and rich text
can neither link nor embed them."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.documents import get_document_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="机密附件", file=ContentFile(b"%PDF-1.4 secret", name="secret.pdf")
    )


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_documents_are_not_served_to_anyone(document, client, superuser_client):
    url = document.url
    assert client.get(url).status_code == 404
    assert superuser_client.get(url).status_code == 404
    assert client.get(document.file.url).status_code == 404  # /media/documents/… too


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/documents/chooser/",
        "/admin/images/",
        "/admin/images/add/",
        "/admin/images/chooser/",
        "/admin/api/main/documents/",
        "/admin/api/main/images/",
        "/admin/bulk/wagtaildocs/document/delete/",
    ],
)
def test_no_admin_screen_or_api_for_documents_or_images(url, document, superuser_client):
    response = superuser_client.get(url)
    assert response.status_code == 404
    assert "机密附件" not in response.content.decode()


def test_admin_menu_dashboard_and_search_do_not_offer_them(superuser_client):
    dashboard = superuser_client.get("/admin/").content.decode()
    assert "/admin/documents/" not in dashboard and "/admin/images/" not in dashboard
    search = superuser_client.get("/admin/pages/search/", {"q": "通知"}).content.decode()
    assert "/admin/documents/" not in search and "/admin/images/" not in search


def test_rich_text_cannot_link_or_embed_them():
    features = set(get_rich_text_editor_widget().features)
    assert {"bold", "link"} <= features
    assert not {"image", "document-link", "embed"} & features
