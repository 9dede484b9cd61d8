"""The certification server (FastAPI). Layer: sync.server.

Empty until the sync issue lands; it exists so that the layering contracts can name it.
"""
