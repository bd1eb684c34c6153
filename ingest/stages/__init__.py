"""The ingest stages, one module each; ``ingest.pipeline`` lists them in order."""
