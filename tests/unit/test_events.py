"""Event chains: hashes, links and signatures — and what a bundle-verified check still catches."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from pixdesk import canonical
from pixdesk.events import GENESIS, ChainError, make_event, verify_chain
from pixdesk.signing import generate_key

KEY, OTHER = generate_key(), generate_key()


def chain(key=KEY) -> list:  # type: ignore[no-untyped-def]
    first = make_event(key, "a1", 1, "started", "2026-11-26T14:00:00Z", GENESIS, {"n": 1})
    second = make_event(key, "a1", 2, "answered", "2026-11-26T14:00:05Z", first.hash, {"n": 2})
    return [first, second]


def altered(event, **data):  # type: ignore[no-untyped-def]
    doc = canonical.loads_canonical(event.body)
    doc["data"].update(data)
    return dataclasses.replace(event, body=canonical.dumps(doc))


@pytest.mark.parametrize("signatures", [True, False])
def test_a_sound_chain_verifies_either_way(signatures: bool) -> None:
    assert [d["seq"] for d in verify_chain(chain(), KEY.public, "a1", signatures=signatures)] == [1, 2]


@pytest.mark.parametrize("signatures", [True, False])
def test_hashes_and_links_are_checked_even_without_event_signatures(signatures: bool) -> None:
    events = chain()
    with pytest.raises(ChainError, match="hash"):
        verify_chain([events[0], altered(events[1], n=3)], KEY.public, "a1", signatures=signatures)
    rehashed = altered(events[1], n=3)
    rehashed = dataclasses.replace(rehashed, hash=hashlib.sha256(rehashed.body).hexdigest())
    verify_chain([events[0], rehashed], KEY.public, "a1", signatures=False)  # only a signature can tell
    with pytest.raises(ChainError, match="signature"):
        verify_chain([events[0], rehashed], KEY.public, "a1")
    unlinked = make_event(KEY, "a1", 2, "answered", "2026-11-26T14:00:05Z", "f" * 64, {"n": 2})
    with pytest.raises(ChainError, match="previous"):
        verify_chain([events[0], unlinked], KEY.public, "a1", signatures=signatures)
    with pytest.raises(ChainError, match="sequence"):
        verify_chain([events[1], events[0]], KEY.public, "a1", signatures=signatures)


def test_events_of_another_device_are_refused_by_signature_and_by_name() -> None:
    with pytest.raises(ChainError, match="signature"):
        verify_chain(chain(OTHER), KEY.public, "a1")
    with pytest.raises(ChainError, match="another device"):
        verify_chain(chain(OTHER), KEY.public, "a1", signatures=False)
