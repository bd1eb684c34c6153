"""Write-side domain functions of the workflows app (one module per concern)."""
