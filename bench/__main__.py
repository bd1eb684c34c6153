"""``python -m bench``: run every benchmark module registered in ``BENCHMARKS``.

Each module has ``run() -> list[Result]``; a result names what was measured, the value,
the baseline measured in the same run, and the ratio between them.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

BENCHMARKS: list[str] = ["bench.site", "bench.access_log", "bench.search", "bench.ingest"]


def main() -> int:
    # Benchmarks never touch the developer's ./var or database: a fresh data directory
    # per run (SQLite lives there) and, on a database server, a database of their own.
    os.environ["WENSHU_DATA_DIR"] = tempfile.mkdtemp(prefix="wenshu-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The benchmark's pages never reach the configured search indexes: modelsearch's own
    # save/delete handlers (pages that are not records, e.g. the home page) would write
    # them, under ids of the throwaway database, into the developer's index.
    for params in settings.WAGTAILSEARCH_BACKENDS.values():
        params["AUTO_UPDATE"] = False

    # Benchmarks write up to 100k records: on a database server they get a database of
    # their own (``<name>_bench``), created and migrated now and dropped afterwards.
    server_database = connection.vendor != "sqlite"
    if server_database:
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{original_name}_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        selected = sys.argv[1:] or BENCHMARKS
        for name in selected:
            module = importlib.import_module(name)
            print(f"== {name}", flush=True)
            for result in module.run():
                print(result.line(), flush=True)
    finally:
        if server_database:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
