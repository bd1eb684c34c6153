"""Extraction engines and the registry that picks one for a MIME type.

Engines are chosen by settings, like Django's cache or e-mail backends: ``WENSHU_EXTRACTORS``
is a list of dotted class paths tried in order. Unset, it is Tika then the built-in
extractor when ``TIKA_URL`` is set, and the built-in extractor alone otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from ingest import errors
from ingest.extractors.base import Extraction, Extractor, first_supporting

__all__ = ["Extraction", "Extractor", "default_extractor_paths", "get_extractor", "get_extractors"]

BUILTIN = "ingest.extractors.builtin.BuiltinExtractor"
TIKA = "ingest.extractors.tika.TikaExtractor"


def default_extractor_paths() -> list[str]:
    configured = getattr(settings, "WENSHU_EXTRACTORS", None)
    if configured:
        return list(configured)
    return [TIKA, BUILTIN] if getattr(settings, "TIKA_URL", None) else [BUILTIN]


def get_extractors(paths: list[str] | None = None) -> list[Extractor]:
    return [import_string(path)() for path in (paths or default_extractor_paths())]


def get_extractor(mime: str, extractors: list[Extractor] | None = None) -> Extractor:
    """The first engine that handles ``mime``, or the error to quarantine the file with."""
    from ingest.extractors.tika import TIKA_MIME_TYPES

    engines = extractors if extractors is not None else get_extractors()
    engine = first_supporting(engines, mime)
    if engine is not None:
        return engine
    if mime in TIKA_MIME_TYPES:
        raise errors.NeedsTikaError(mime=mime)
    raise errors.UnsupportedTypeError(mime=mime)
