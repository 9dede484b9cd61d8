"""Everything that crosses a network: wire protocol, sync client, certification server.

Layer: sync. May import pixdesk; never Qt or ui.
"""
