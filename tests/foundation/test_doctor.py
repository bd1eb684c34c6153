"""`manage.py doctor` reports every component and fails when a configured one is down."""

from __future__ import annotations

import json

import pytest

from tests.conftest import closed_port_url, embedded_env, manage


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory):
    env = embedded_env(tmp_path_factory.mktemp("doctor-data"))
    manage("migrate", "--no-input", env=env)
    return env


def doctor(env: dict[str, str]):
    done = manage("doctor", "--json", env=env, check=False)
    return done, json.loads(done.stdout.strip().splitlines()[-1])


def by_name(report: dict) -> dict[str, dict]:
    return {c["name"]: c for c in report["components"]}


def test_embedded_default_is_healthy_and_says_which_engines_are_embedded(migrated_env):
    done, report = doctor(migrated_env)
    assert done.returncode == 0, done.stdout + done.stderr
    components = by_name(report)
    assert set(components) == {"database", "opensearch", "tika", "tesseract", "ocrmypdf", "tasks"}
    assert components["database"]["ok"] and components["database"]["version"]
    assert components["opensearch"]["configured"] is False
    assert components["tika"]["configured"] is False
    assert (
        "embedded" in components["opensearch"]["detail"]
        or "内置" in components["opensearch"]["detail"]
    )


def test_stopped_services_make_the_doctor_fail_with_a_hint(migrated_env):
    env = {**migrated_env, "OPENSEARCH_URL": closed_port_url(), "TIKA_URL": closed_port_url()}
    done, report = doctor(env)
    assert done.returncode != 0
    components = by_name(report)
    for name in ("opensearch", "tika"):
        assert components[name]["configured"] is True
        assert components[name]["ok"] is False
        assert components[name]["failed"] is True
        assert "make services" in components[name]["hint"]
    assert report["ok"] is False


def test_unmigrated_database_is_reported(tmp_path):
    done, report = doctor(embedded_env(tmp_path))
    assert done.returncode != 0
    assert by_name(report)["database"]["failed"] is True
    assert "migrate" in by_name(report)["database"]["hint"]


def test_human_output_names_each_component(migrated_env):
    done = manage("doctor", env=migrated_env, check=False)
    for name in ("database", "opensearch", "tika", "tesseract", "ocrmypdf", "tasks"):
        assert name in done.stdout


@pytest.mark.integration
def test_running_services_are_all_healthy_with_versions(
    tmp_path, database_url, opensearch_url, tika_url
):
    env = embedded_env(
        tmp_path, DATABASE_URL=database_url, OPENSEARCH_URL=opensearch_url, TIKA_URL=tika_url
    )
    manage("migrate", "--no-input", env=env)
    done, report = doctor(env)
    components = by_name(report)
    assert done.returncode == 0, done.stdout + done.stderr
    assert components["database"]["detail"].startswith("postgresql")
    assert components["opensearch"]["version"].startswith("2.")
    assert {"analysis-common", "analysis-smartcn"} <= set(
        components["opensearch"]["extra"]["analysis_plugins"]
    )
    assert components["tika"]["version"].startswith("Apache Tika 3.")
    assert {"chi_sim", "chi_tra", "eng"} <= set(components["tesseract"]["extra"]["languages"])


@pytest.mark.django_db
def test_summary_names_what_is_missing_and_the_command_that_adds_it_without_failing(
    monkeypatch,
):
    """`make run` ends with this block: a missing OCR engine is said before the first scan."""
    import io
    import shutil

    from django.core.management import call_command

    real_which = shutil.which
    monkeypatch.setattr(
        "repository.doctor.shutil.which",
        lambda name: None if name in ("tesseract", "gs") else real_which(name),
    )
    out = io.StringIO()
    call_command("doctor", "--summary", stdout=out)  # raises CommandError if it fails

    text = out.getvalue()
    missing = [line for line in text.splitlines() if "缺失" in line or "missing:" in line]
    assert len(missing) == 2, text
    assert "tesseract" in missing[0] and "ocrmypdf" in missing[1], text
    assert all("make services" in hint for hint in text.split("→")[1:]), text
    assert len(text.splitlines()) <= 10  # one short block
