"""Things that reliably do not answer, for timeout tests.

A timeout test that races a live server (a 1 ms client timeout against a local Tika)
fails whenever the server is fast enough. These stand-ins never answer at all, so the
only way a test using them can pass is by the code under test giving up on time:

- ``silent_server()``: a loopback HTTP "service" that accepts connections, reads what
  is sent and never replies;
- ``hanging_tesseract(bin_dir, log)``: a ``tesseract`` to put first on PATH that
  answers ocrmypdf's version and language queries through the real one, notes each
  recognition request in ``log`` and then sleeps until it is killed.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def silent_server() -> Iterator[str]:
    """Yield the URL of a server that accepts and reads but never replies."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()
    held: list[socket.socket] = []

    def swallow() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(0.2)
            held.append(conn)
            # Drain the request so a large upload never blocks the client's send.
            with contextlib.suppress(OSError):
                while not stop.is_set():
                    try:
                        if not conn.recv(65536):
                            break
                    except TimeoutError:
                        continue

    worker = threading.Thread(target=swallow, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        worker.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


HANGING_TESSERACT = """#!/bin/sh
# Version, language and parameter queries go to the real Tesseract; recognition hangs.
case "$1" in --*) exec {real} "$@" ;; esac
echo "$*" >> {log}
exec sleep 3600
"""


def hanging_tesseract(bin_dir: Path, log: Path) -> Path:
    """Write a ``tesseract`` into ``bin_dir`` that never finishes recognising."""
    real = shutil.which("tesseract")
    assert real, "Tesseract is not installed"
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "tesseract"
    script.write_text(HANGING_TESSERACT.format(real=real, log=log))
    script.chmod(0o755)
    return bin_dir
