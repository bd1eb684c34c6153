"""`make run` on a fresh data directory: the same commands the Makefile runs, then the
site and the Wagtail admin answer and the administrator can sign in."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import ROOT, embedded_env, free_port, manage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def running_site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("fresh-data")
    env = embedded_env(data_dir, WENSHU_ADMIN_USER="chief", WENSHU_ADMIN_PASSWORD="Wenshu-2026!")
    manage("migrate", "--no-input", env=env)
    admin = manage("ensure_admin", env=env)
    demo_first = manage("load_demo", env=env)
    demo_again = manage("load_demo", env=env)
    manage("setup_workflows", "--issuer-code", "示接待发", env=env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(base, timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None:
                    pytest.fail(f"runserver exited: {server.stdout.read()}")
                time.sleep(0.25)
        yield {
            "base": base,
            "data_dir": data_dir,
            "admin_output": admin.stdout,
            "demo": (demo_first.stdout, demo_again.stdout),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_everything_the_app_wrote_is_inside_the_data_dir(running_site):
    assert (running_site["data_dir"] / "wenshu.sqlite3").is_file()


def test_admin_is_named_but_a_password_from_the_environment_is_not_printed(running_site):
    assert "chief" in running_site["admin_output"]
    assert "Wenshu-2026!" not in running_site["admin_output"]


def test_load_demo_is_idempotent(running_site):
    first, again = running_site["demo"]
    assert first == again
    assert re.search(r"\d+", first)


def test_home_page_answers(running_site):
    response = requests.get(running_site["base"] + "/", timeout=10)
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.text


def test_admin_login_is_in_simplified_chinese_and_accepts_the_admin(running_site):
    session = requests.Session()
    login_url = running_site["base"] + "/admin/login/"
    page = session.get(login_url, timeout=10)
    assert page.status_code == 200
    assert "登录" in page.text
    token = session.cookies["csrftoken"]
    response = session.post(
        login_url,
        data={"username": "chief", "password": "Wenshu-2026!", "csrfmiddlewaretoken": token},
        headers={"Referer": login_url},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.url.rstrip("/").endswith("/admin")
    assert "chief" in response.text


def test_wrong_password_is_refused(running_site):
    session = requests.Session()
    login_url = running_site["base"] + "/admin/login/"
    session.get(login_url, timeout=10)
    response = session.post(
        login_url,
        data={
            "username": "chief",
            "password": "wrong",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login_url},
        timeout=10,
    )
    assert response.url.endswith("/admin/login/")
