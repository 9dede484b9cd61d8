"""Alembic migrations of the certification server. Layer: sync.server (storage).

Run in code by :func:`sync.server.database.migrate` (no alembic.ini at run time).
"""
