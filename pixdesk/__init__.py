"""PixDesk core: framework, challenges, engines, scoring, local store, packs, signing.

Layer: core. Imports no Qt and no web framework; the entry point ``pixdesk.cli`` is the
only module allowed to wire ``ui``, ``sync`` and ``content_packs`` in.
"""

__version__ = "0.1.0"
