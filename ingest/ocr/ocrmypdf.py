"""OCR with ocrmypdf and Tesseract: deskew, page rotation, text only where a page has
none, PDF/A output.

Why in a child process: ocrmypdf's own timeout is per Tesseract call, a whole document
has no time limit, and a crash in Ghostscript or a Tesseract run out of memory must not
take the worker down. The child runs the ocrmypdf Python API in a process group of its
own; on timeout the whole group (Tesseract included) is killed.

Why ``pdfa_backend="internal"``: Ghostscript 10.0.0 to 10.02.0 corrupts PDFs with
existing text, so ocrmypdf refuses ``skip_text`` with Ghostscript PDF/A output on those
versions (this machine has 10.0.0). The internal backend (pikepdf) makes the PDF/A
without Ghostscript; with ``output_type="auto"`` a file it cannot make PDF/A still comes
out as a valid PDF rather than failing, and ``OcrResult.pdfa`` says which.

Output is written to a temporary name and renamed into place, so a worker killed mid-OCR
never leaves a half-written PDF where a finished one is expected.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import tempfile
from pathlib import Path

import img2pdf
import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from ingest import errors, mime
from ingest.limits import get_limits
from ingest.ocr.base import OcrEngine, OcrResult, default_languages
from ingest.text import clean_text

SERVICE = "OCR"
_SKIPPED = "[OCR skipped on page"
# ocrmypdf exception class name → (our error class, retryable is the class's own).
_ERRORS = {
    "EncryptedPdfError": errors.EncryptedDocumentError,
    "InputFileError": errors.CorruptFileError,
    "UnsupportedImageFormatError": errors.CorruptFileError,
    "DpiError": errors.CorruptFileError,
    "DigitalSignatureError": errors.OcrRefusedError,
    "TaggedPDFError": errors.OcrRefusedError,
    "PriorOcrFoundError": errors.OcrRefusedError,
    "MissingDependencyError": errors.OcrUnavailableError,
    "TesseractConfigError": errors.OcrUnavailableError,
    "BadArgsError": errors.OcrUnavailableError,
    "SubprocessOutputError": errors.OcrFailedError,
    "OutputFileAccessError": errors.OcrFailedError,
}


class OcrmypdfEngine(OcrEngine):
    name = "ocrmypdf"

    def ocr(
        self, source: Path, mime_type: str, output_pdf: Path, *, languages: str | None = None
    ) -> OcrResult:
        if not self.supports(mime_type):
            raise errors.UnsupportedTypeError(mime=mime_type)
        limits = get_limits()
        output_pdf.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="wenshu-ocr-") as work:
            workdir = Path(work)
            if mime_type == mime.PDF:
                pdf_in = prepare_pdf(source, workdir)
            else:
                pdf_in = image_to_pdf(source, workdir)
            partial = output_pdf.with_name(f".{output_pdf.name}.partial")
            sidecar = workdir / "sidecar.txt"
            options = {
                "language": (languages or default_languages()).split("+"),
                "mode": "skip",  # OCR only pages without text (mixed PDFs)
                "deskew": True,
                "rotate_pages": True,
                "rotate_pages_threshold": limits.ocr_rotate_threshold,
                "output_type": "auto",
                "pdfa_backend": "internal",
                "sidecar": str(sidecar),
                "jobs": limits.ocr_jobs,
                "max_image_mpixels": limits.max_image_pixels / 1_000_000,
                "progress_bar": False,
            }
            try:
                run_isolated(str(pdf_in), str(partial), options, limits.ocr_timeout)
                text = _page_texts(sidecar, partial)
                pdfa = _is_pdfa(partial)
                os.replace(partial, output_pdf)
            finally:
                partial.unlink(missing_ok=True)
        return OcrResult(clean_text("\n\n".join(text)), output_pdf, pdfa, len(text), self.name)


def prepare_pdf(source: Path, workdir: Path) -> Path:
    """``source`` itself, or a copy without the catalog's /OpenAction (the "open at this
    zoom" many producers write): pikepdf's PDF/A validator cannot check it, so the
    internal backend would give up on PDF/A for an otherwise conforming file."""
    try:
        with pikepdf.open(source) as document:
            if "/OpenAction" not in document.Root:
                return source
            del document.Root.OpenAction
            copy = workdir / "input.pdf"
            document.save(copy)
            return copy
    except pikepdf.PasswordError as exc:
        raise errors.EncryptedDocumentError(detail=str(exc)) from exc
    except pikepdf.PdfError as exc:
        raise errors.CorruptFileError(detail=f"pikepdf: {exc}") from exc


def image_to_pdf(image: Path, workdir: Path) -> Path:
    """A one-page-per-frame PDF of ``image``, the pixels embedded losslessly (img2pdf).
    Images img2pdf refuses (an alpha channel, 16-bit, palette with transparency) are
    first flattened by Pillow, keeping the resolution so ocrmypdf sees the true DPI."""
    target = workdir / "image.pdf"
    try:
        target.write_bytes(img2pdf.convert(str(image), rotation=img2pdf.Rotation.ifvalid))
        return target
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError, OSError):
        pass
    flat = workdir / "flattened.png"
    try:
        with Image.open(image) as original:
            dpi = original.info.get("dpi", (200, 200))
            mode = "L" if original.mode in ("1", "L", "LA", "I;16", "I") else "RGB"
            original.convert(mode).save(flat, dpi=dpi)
        target.write_bytes(img2pdf.convert(str(flat)))
    except (OSError, ValueError) as exc:
        raise errors.CorruptFileError(detail=f"image to PDF: {exc}") from exc
    return target


def run_isolated(input_pdf: str, output_pdf: str, options: dict, timeout: float) -> None:
    """Run ``ocrmypdf.ocr`` in a child process with a time limit; translate failures."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(input_pdf, output_pdf, options, sender))
    child.start()
    sender.close()
    child.join(timeout)
    if child.is_alive():
        _kill_group(child.pid)
        child.join()
        raise errors.OcrTimeoutError(service=SERVICE, seconds=int(timeout))
    try:
        outcome = receiver.recv() if receiver.poll() else None
    except EOFError:  # the child died before it could report
        outcome = None
    receiver.close()
    if outcome is None:
        raise errors.OcrCrashedError(detail=f"OCR process exit code {child.exitcode}")
    kind, name, detail = outcome
    if kind == "ok":
        return
    raise _ERRORS.get(name, errors.OcrFailedError)(detail=f"{name}: {detail}"[:1000])


def _child(input_pdf: str, output_pdf: str, options: dict, sender) -> None:
    """Child process body: own process group (so a timeout kills Tesseract too), then
    ocrmypdf; the outcome goes back through the pipe as plain strings."""
    os.setsid()
    # A spawned child has no logging configuration; keep ocrmypdf's and fontTools' chatter
    # at warnings, as the parent's settings do.
    logging.basicConfig(level=logging.WARNING)
    import ocrmypdf
    from ocrmypdf.exceptions import ExitCode

    try:
        code = ocrmypdf.ocr(input_pdf, output_pdf, **options)
        if code in (ExitCode.ok, ExitCode.pdfa_conversion_failed):
            sender.send(("ok", "", ""))
        else:
            sender.send(("error", f"ExitCode.{ExitCode(code).name}", ""))
    except Exception as exc:
        sender.send(("error", type(exc).__name__, str(exc)))
    finally:
        sender.close()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _page_texts(sidecar: Path, pdf: Path) -> list[str]:
    """Per-page text: Tesseract's for pages it read, the PDF's own for pages it skipped
    because they already had text (the sidecar only holds a placeholder for those)."""
    ocr_pages = sidecar.read_text(encoding="utf-8").split("\f") if sidecar.exists() else []
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for index, page in enumerate(document):
            ocr_text = ocr_pages[index] if index < len(ocr_pages) else ""
            if _SKIPPED in ocr_text or not ocr_text.strip():
                textpage = page.get_textpage()
                ocr_text = textpage.get_text_bounded()
                textpage.close()
            page.close()
            texts.append(ocr_text)
        return texts
    finally:
        document.close()


def _is_pdfa(pdf: Path) -> bool:
    with pikepdf.open(pdf) as document:
        return bool(document.open_metadata().pdfa_status)
