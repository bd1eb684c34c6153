"""Write-side ingest functions: submitting files, running jobs, quarantine, the records
made from files. Commands, views and tasks call these and nothing deeper."""
