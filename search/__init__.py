"""Search: Chinese full-text search behind one backend interface (OpenSearch or the
embedded engine), with permissions applied inside the query."""
