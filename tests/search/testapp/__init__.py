"""A test-only app with one indexed page type shaped like the repository's records
(multi-table inheritance from Page, classification, 发文字号), so the search engines
can be tested without depending on the record page models."""
