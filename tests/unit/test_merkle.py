"""The receipts' Merkle tree (sync.merkle): RFC 9162 hashing, every audit path of every size."""

from __future__ import annotations

import hashlib

import pytest

from sync.merkle import leaf_hash, root_from_path, tree


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 9162 MTH written straight from its definition (hashes of the data, recursively)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    left, right = _reference_root(leaves[:k]), _reference_root(leaves[k:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"receipt {i}".encode()) for i in range(n)]


def test_leaf_and_node_hashes_are_prefixed() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    root, paths = tree(_leaves(2))
    assert root == hashlib.sha256(b"\x01" + _leaves(2)[0] + _leaves(2)[1]).digest()
    assert paths == [[_leaves(2)[1]], [_leaves(2)[0]]]


@pytest.mark.parametrize("size", [*range(1, 34), 127, 128, 129, 200])
def test_every_path_of_every_size_leads_to_the_reference_root(size: int) -> None:
    leaves = _leaves(size)
    root, paths = tree(leaves)
    assert root == _reference_root(leaves)
    assert len(paths) == size
    for index, path in enumerate(paths):
        assert len(path) <= max(1, (size - 1).bit_length())
        assert root_from_path(leaves[index], index, size, path) == root


@pytest.mark.parametrize("size", [2, 3, 7, 8, 200])
def test_a_path_proves_only_its_own_leaf_place_and_size(size: int) -> None:
    leaves = _leaves(size)
    root, paths = tree(leaves)
    for index, path in enumerate(paths):
        other = (index + 1) % size
        assert root_from_path(leaves[other], index, size, path) != root  # another leaf
        assert root_from_path(leaves[index], other, size, path) != root  # another index
        assert root_from_path(leaf_hash(b"forged"), index, size, path) != root
        if path:
            bent = [*path[:-1], hashlib.sha256(path[-1]).digest()]
            assert root_from_path(leaves[index], index, size, bent) != root


def test_impossible_paths_give_none() -> None:
    leaves = _leaves(5)
    root, paths = tree(leaves)
    assert root_from_path(leaves[0], 5, 5, paths[0]) is None  # index out of range
    assert root_from_path(leaves[0], -1, 5, paths[0]) is None
    assert root_from_path(leaves[0], 0, 5, paths[0][:-1]) is None  # too short
    assert root_from_path(leaves[0], 0, 5, [*paths[0], root]) is None  # too long
    assert root_from_path(leaves[0], 0, 1, []) == leaves[0]  # a tree of one leaf is that leaf


def test_an_empty_tree_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one leaf"):
        tree([])
