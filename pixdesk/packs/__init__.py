"""Content packs: the signed ``.pixpack`` format, its verification and installation.

Layer: packs. Verification (signature, every hash, every size) always completes
before SQLite opens a pack's content database; installed content is opened read-only.
"""
