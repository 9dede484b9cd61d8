"""Pack authoring: human-editable sources → signed ``.pixpack`` files, and the shipped sources.

Layer: authoring. May import pixdesk; never Qt, ui or sync.
"""
