"""The numbered revisions, oldest first (``v0001_initial`` …). Frozen once released."""
