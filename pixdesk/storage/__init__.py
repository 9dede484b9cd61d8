"""Storage layer: the only code that opens the local SQLite database."""
