"""Write-side domain functions of the retention app."""
