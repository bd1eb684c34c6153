"""Ingest: files and scans in, records out (receive → store → detect → extract → OCR →
create → index)."""
