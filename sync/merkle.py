"""Merkle trees over a batch's receipts, so that one server signature vouches for all of them.
Layer: sync (pure: hashing only).

The tree is the one of Certificate Transparency (RFC 9162, section 2.1): a leaf is
``SHA-256(0x00 || data)``, an inner node ``SHA-256(0x01 || left || right)`` (the prefixes
keep a leaf from passing for a node), and a tree of ``n > 1`` leaves splits after the
largest power of two below ``n``. Each leaf's *audit path* — the sibling hashes from the
leaf up to the root — lets anyone holding that one leaf, its index and the batch size
recompute the root, in ``log2(n)`` hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = ["leaf_hash", "root_from_path", "tree"]

_LEAF, _NODE = b"\x00", b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(_LEAF + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE + left + right).digest()


def tree(leaves: Sequence[bytes]) -> tuple[bytes, list[list[bytes]]]:
    """The root of ``leaves`` (leaf hashes, at least one) and each leaf's audit path, leaf to root."""
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    if len(leaves) == 1:
        return leaves[0], [[]]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of two below n
    left_root, left_paths = tree(leaves[:split])
    right_root, right_paths = tree(leaves[split:])
    for path in left_paths:
        path.append(right_root)
    for path in right_paths:
        path.append(left_root)
    return _node(left_root, right_root), left_paths + right_paths


def root_from_path(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes | None:
    """The root that ``path`` leads to from ``leaf`` at ``index`` of ``size`` leaves; None when the
    path cannot belong to such a tree (too long, too short, index out of range)."""
    if not 0 <= index < size:
        return None
    position, last, node = index, size - 1, leaf
    for sibling in path:
        if last == 0:
            return None  # more hashes than the tree has levels
        if position % 2 == 1 or position == last:
            node = _node(sibling, node)
            if position % 2 == 0:  # a right edge with no sibling at these levels: skip them
                while position % 2 == 0 and position != 0:
                    position, last = position >> 1, last >> 1
        else:
            node = _node(node, sibling)
        position, last = position >> 1, last >> 1
    return node if last == 0 else None
