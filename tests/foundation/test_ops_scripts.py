"""The ops/*.sh scripts hand their URLs over by file, whatever their tools print.

On a new machine the first ``make services`` died because Maven wrote terminal codes
onto the stdout line that carried Tika's URL. These tests run the real scripts with
tools that print exactly that kind of noise (ANSI codes, progress lines with carriage
returns, no trailing newline) and check that the URL still arrives whole.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

OPS = ROOT / "ops"
NOISE = r"\033[0m\033[0m\033[1mDownloading 45%%\r\033[0m"

FAKE_START = """#!/usr/bin/env bash
set -euo pipefail
. "$(dirname "$0")/url-channel.sh"
case $1 in
  start)
    printf '{noise}'            # a tool's terminal codes before the URL ...
    url_channel_open
    printf '{noise}'            # ... and while the start runs, with no newline
    publish_url "{url}"
    printf '{noise}' ;;
  status) exit 3 ;;
  stop) ;;
esac
"""


def run(cmd, env, **kwargs):
    return subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=120, check=False, **kwargs
    )


def fake_ops(tmp_path: Path, urls: dict[str, str]) -> Path:
    ops = tmp_path / "ops"
    ops.mkdir()
    for name in ("services.sh", "url-channel.sh"):
        shutil.copy(OPS / name, ops / name)
    (ops / "system-packages.sh").write_text(f"#!/bin/sh\nprintf '{NOISE}'\n")
    for service, url in urls.items():
        (ops / f"{service}.sh").write_text(FAKE_START.format(noise=NOISE, url=url))
    for script in ops.glob("*.sh"):
        script.chmod(0o755)
    return ops


def script_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WENSHU_")}
    env.update(
        WENSHU_DATA_DIR=str(tmp_path / "var"),
        WENSHU_OPENSEARCH_PORT=str(free_port()),  # nothing of ours answers there
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.update(extra)
    return env


def test_services_up_reads_each_url_whole_through_tool_noise(tmp_path):
    urls = {
        "postgres": "postgres://wenshu:wenshu@127.0.0.1:5432/wenshu",
        "tika": "http://127.0.0.1:9998",
        "opensearch": "http://127.0.0.1:9200",
    }
    ops = fake_ops(tmp_path, urls)
    record = tmp_path / "var" / "started"

    done = run([str(ops / "services.sh"), "up", "--record", str(record)], script_env(tmp_path))

    assert done.returncode == 0, done.stderr
    env_file = (tmp_path / "var" / "services.env").read_text()
    assert env_file.splitlines() == [
        f"DATABASE_URL={urls['postgres']}",
        f"OPENSEARCH_URL={urls['opensearch']}",
        f"TIKA_URL={urls['tika']}",
    ]
    assert record.read_text().split() == ["opensearch", "postgres", "tika"]
    assert "\x1b" not in env_file


def test_services_up_stops_when_a_start_hands_over_no_url(tmp_path):
    ops = fake_ops(tmp_path, {"postgres": "postgres://x@127.0.0.1/x", "tika": "", "opensearch": ""})
    # A start that prints its URL on stdout only, the old way: not a URL hand-over.
    (ops / "tika.sh").write_text(
        "#!/bin/sh\ncase $1 in start) printf '\\033[0mhttp://127.0.0.1:9998\\n' ;;"
        " status) exit 3 ;; esac\n"
    )

    done = run([str(ops / "services.sh"), "up"], script_env(tmp_path))

    assert done.returncode != 0
    assert "ops/tika.sh start wrote no URL" in done.stderr
    assert not (tmp_path / "var" / "services.env").exists()


FAKE_MVN = """#!/bin/sh
# Maven as it behaves on a cold machine: terminal codes on stdout, even with -q.
printf '\\033[0m\\033[0m'
for arg in "$@"; do
  case $arg in -DoutputDirectory=*) out=${arg#-DoutputDirectory=} ;; esac
done
printf 'PK fake jar' > "$out/tika-server-standard-3.3.2.jar"
printf '\\033[0m'
"""

# A "java" that, given Tika's arguments, serves /version like Tika does.
FAKE_JAVA = """#!{python}
import http.server, sys
port = int(sys.argv[sys.argv.index("--port") + 1])
print("\\033[0m fake JVM starting", flush=True)
class Version(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"Apache Tika 3.3.2"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Version).serve_forever()
"""


@pytest.mark.skipif(not shutil.which("curl"), reason="ops/tika.sh needs curl")
def test_tika_start_on_a_cold_cache_prints_only_its_url(tmp_path):
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mvn").write_text(FAKE_MVN)
    (bin_dir / "java").write_text(FAKE_JAVA.format(python=sys.executable))
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    port = free_port()
    url_file = tmp_path / "url"
    env = script_env(
        tmp_path,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        WENSHU_TIKA_PORT=str(port),
        WENSHU_URL_FILE=str(url_file),
    )
    try:
        started = run([str(OPS / "tika.sh"), "start"], env)
        assert started.returncode == 0, started.stderr
        assert started.stdout == f"http://127.0.0.1:{port}\n"
        assert url_file.read_text() == f"http://127.0.0.1:{port}\n"
        assert "fetching org.apache.tika" in started.stderr  # it really was a cold start
    finally:
        stopped = run([str(OPS / "tika.sh"), "stop"], env)
    assert stopped.returncode == 0, stopped.stderr


class _HealthyOpenSearch(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/_cluster/health"):
            body = json.dumps({"status": "green"})
        elif self.path.startswith("/_cat/plugins"):
            body = "analysis-smartcn\nanalysis-icu\n"
        else:
            body = json.dumps({"version": {"distribution": "opensearch", "number": "2.19.6"}})
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.mark.skipif(not shutil.which("curl"), reason="ops/opensearch.sh needs curl")
def test_opensearch_start_reusing_a_node_hands_over_its_url(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HealthyOpenSearch)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url_file = tmp_path / "url"
    try:
        env = script_env(tmp_path, WENSHU_OPENSEARCH_PORT=str(port), WENSHU_URL_FILE=str(url_file))
        started = run([str(OPS / "opensearch.sh"), "start"], env)
    finally:
        server.shutdown()
    assert started.returncode == 0, started.stderr
    assert started.stdout == f"http://127.0.0.1:{port}\n"
    assert url_file.read_text() == f"http://127.0.0.1:{port}\n"


def test_every_start_sends_tool_output_away_from_the_url():
    """A new ops script cannot forget the channel: its start opens it before running."""
    starts = [p for p in OPS.glob("*.sh") if "  start)" in p.read_text()]
    assert {p.name for p in starts} >= {"postgres.sh", "tika.sh", "opensearch.sh"}
    for script in starts:
        text = script.read_text()
        assert "url_channel_open; start" in text, script.name
        assert "publish_url" in text, script.name
