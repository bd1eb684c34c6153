"""``python -m bench``: run every benchmark module registered in ``BENCHMARKS``.

Each module has ``run() -> list[Result]``; a result names what was measured, the value,
the baseline measured in the same run, and the ratio between them.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

BENCHMARKS: list[str] = ["bench.site", "bench.search", "bench.ingest"]


def main() -> int:
    # Benchmarks never touch the developer's ./var: a fresh data directory per run.
    os.environ["WENSHU_DATA_DIR"] = tempfile.mkdtemp(prefix="wenshu-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    selected = sys.argv[1:] or BENCHMARKS
    for name in selected:
        module = importlib.import_module(name)
        print(f"== {name}")
        for result in module.run():
            print(result.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
