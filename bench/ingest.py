"""Ingest benchmark: what the pipeline costs on top of the engines it drives.

- OCR pages/minute through the whole pipeline (store, detect, extract, OCR, create,
  index) against plain ``ocrmypdf`` on the same scanned pages with the same options, in
  the same run (target ≥ 0.9×).
- Digital documents/second through the pipeline with Tika and with the built-in
  extractors, each against that engine's bare ``extract`` on the same files.
- Peak memory (RSS) of the process after the runs against its size before them.

Few pages and few files: the machine has two cores and OCR dominates.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import img2pdf
from django.conf import settings
from django.test import override_settings

from bench.common import Result

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OCR_PAGES = 2
DIGITAL_DOCS = 12


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _corpus():
    from tests.ingest.samples import corpus_lines

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    return corpus_lines(texts, 14 * OCR_PAGES + DIGITAL_DOCS * 6)


def _scan_pdf(lines: list[str], work: Path) -> Path:
    from tests.ingest.samples import render_page, save_png

    pngs = [
        str(save_png(render_page(lines[i * 14 : (i + 1) * 14]), work / f"p{i}.png"))
        for i in range(OCR_PAGES)
    ]
    path = work / "scan.pdf"
    path.write_bytes(img2pdf.convert(pngs))
    return path


def _ingest(path: Path):
    from ingest.services import jobs

    job = jobs.run_job(jobs.submit_path(path).pk)
    if job.outcome != "created":
        raise RuntimeError(f"{path}: {job.outcome} {job.error_message}")
    return job


def _ocr(scan: Path, work: Path) -> list[Result]:
    from ingest.limits import get_limits

    languages = settings.OCR_LANGUAGES
    threshold = str(get_limits().ocr_rotate_threshold)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ocrmypdf", "-q", "-l", languages, "--deskew",
         "--rotate-pages", "--rotate-pages-threshold", threshold, "--mode", "skip",
         "--output-type", "auto", "--pdfa-backend", "internal", str(scan), str(work / "plain.pdf")],
        check=True,
    )  # fmt: skip
    plain = time.perf_counter() - started
    started = time.perf_counter()
    _ingest(scan)
    pipeline = time.perf_counter() - started
    per_minute = OCR_PAGES * 60
    return [
        Result(
            f"OCR through the pipeline ({OCR_PAGES} pages)", "pages/min",
            per_minute / pipeline, "plain ocrmypdf", per_minute / plain, higher_is_better=True,
        )
    ]  # fmt: skip


def _digital(lines: list[str], work: Path, name: str, extractor_path: str) -> Result:
    from django.utils.module_loading import import_string

    from ingest.detect import detect
    from tests.ingest.samples import make_docx

    files = []
    for number in range(DIGITAL_DOCS):
        body = [*lines[number * 6 : (number + 1) * 6], f"{name}-{number}"]
        files.append(make_docx(work / f"{name}-{number}.docx", body, title=body[0], author="x"))
    with override_settings(WENSHU_EXTRACTORS=[extractor_path]):
        engine = import_string(extractor_path)()
        engine.extract(files[0], detect(files[0]).mime)  # warm connections and imports
        started = time.perf_counter()
        for path in files:
            engine.extract(path, detect(path).mime)
        bare = time.perf_counter() - started
        started = time.perf_counter()
        for path in files:
            _ingest(path)
        pipeline = time.perf_counter() - started
    return Result(
        f"docx through the pipeline with {name}", "docs/s", DIGITAL_DOCS / pipeline,
        f"bare {name} extract", DIGITAL_DOCS / bare, higher_is_better=True,
    )  # fmt: skip


def run() -> list[Result]:
    if not CORPUS.is_dir():
        print(f"   skipped: {CORPUS} not found")
        return []
    before = _rss_mib()
    lines = _corpus()
    results = []
    with tempfile.TemporaryDirectory(prefix="wenshu-bench-ingest-") as tmp:
        work = Path(tmp)
        results += _ocr(_scan_pdf(lines, work), work)
        results.append(
            _digital(lines, work, "builtin", "ingest.extractors.builtin.BuiltinExtractor")
        )
        if getattr(settings, "TIKA_URL", None) or os.environ.get("TIKA_URL"):
            results.append(_digital(lines, work, "tika", "ingest.extractors.tika.TikaExtractor"))
        else:
            print("   Tika skipped: TIKA_URL is not set")
    results.append(Result("peak memory (RSS)", "MiB", _rss_mib(), "before ingest", before))
    return results
