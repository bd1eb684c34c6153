"""Workflows: 收文, 发文, reception approval and bulletin publishing as Wagtail workflows."""
