"""Trust roots (pure): parsing, self-signature, rotation, and which publisher key may sign what."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from factories import NOW, publisher_entry, root_signed

from pixdesk import canonical
from pixdesk.errors import TrustError
from pixdesk.signing import SigningKey, generate_key
from pixdesk.timeutil import format_utc
from pixdesk.trust import (
    MAX_ROOT_BYTES,
    ROOT_CONTEXT,
    TrustRoot,
    TrustSet,
    accept_rotation,
    parse_publishers,
    parse_root,
    sign_root,
)

WHERE = "root.json"


@pytest.fixture(scope="module")
def keys() -> dict[str, SigningKey]:
    names = ("root", "root2", "new_root", "intruder", "practice", "certification", "both", "old", "future")
    return {name: generate_key() for name in names}


def _root(signed: dict[str, Any], signers: list[SigningKey]) -> TrustRoot:
    return parse_root(sign_root(signed, signers), WHERE)


def _base(keys: dict[str, SigningKey], **kwargs: Any) -> dict[str, Any]:
    publishers = [
        publisher_entry(keys["practice"], ["practice"], name="Practice"),
        publisher_entry(keys["certification"], ["certification"], name="Certification"),
    ]
    return root_signed([keys["root"]], publishers, **kwargs)


def _refused(data: bytes, code: str, fragment: str) -> TrustError:
    with pytest.raises(TrustError) as info:
        parse_root(data, WHERE)
    assert info.value.code == code
    assert fragment in str(info.value)
    assert str(info.value).startswith(WHERE)
    return info.value


# --- parse_root ---------------------------------------------------------------------------------


def test_a_valid_root_parses(keys: dict[str, SigningKey]) -> None:
    signed = _base(keys, version=3, revoked=["0123456789abcdef"], root_id="pixdesk")

    root = _root(signed, [keys["root"]])

    assert root.root_id == "pixdesk"
    assert root.version == 3
    assert root.threshold == 1
    assert root.issued == format_utc(NOW)
    assert set(root.root_keys) == {keys["root"].key_id}
    assert root.root_keys[keys["root"].key_id] == keys["root"].public
    assert set(root.publishers) == {keys["practice"].key_id, keys["certification"].key_id}
    practice = root.publishers[keys["practice"].key_id]
    assert practice.roles == frozenset({"practice"})
    assert practice.name == "Practice"
    assert practice.key == keys["practice"].public
    assert practice.not_before < NOW < practice.not_after
    assert practice.source == WHERE
    assert root.revoked == frozenset({"0123456789abcdef"})
    assert root.document == canonical.loads_strict(sign_root(signed, [keys["root"]]))


def test_sign_root_writes_canonical_bytes(keys: dict[str, SigningKey]) -> None:
    data = sign_root(_base(keys), [keys["root"]])

    assert canonical.dumps(canonical.loads_canonical(data)) == data


def _drop(field: str) -> Callable[[dict[str, Any]], None]:
    return lambda signed: signed.pop(field)


def _set(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda signed: signed.__setitem__(field, value)


def _set_in(listname: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda signed: signed[listname][0].__setitem__(field, value)


def _drop_in(listname: str, field: str) -> Callable[[dict[str, Any]], None]:
    return lambda signed: signed[listname][0].pop(field)


OTHER_KEY = generate_key()

MALFORMED: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (id, change to the signed part, code, message fragment)
    *[
        (f"missing-{f}", _drop(f), "trust.malformed", f"missing field {f!r}")
        for f in ("id", "version", "issued", "threshold", "root_keys", "publishers", "revoked")
    ],
    ("missing-type", _drop("type"), "trust.malformed", "not a PixDesk trust root"),
    ("wrong-type", _set("type", "pixdesk-demo-publishers"), "trust.malformed", "not a PixDesk trust root"),
    ("version-str", _set("version", "2"), "trust.malformed", "field 'version' has the wrong type"),
    ("version-bool", _set("version", True), "trust.malformed", "field 'version' has the wrong type"),
    ("threshold-str", _set("threshold", "1"), "trust.malformed", "field 'threshold' has the wrong type"),
    ("id-int", _set("id", 5), "trust.malformed", "field 'id' has the wrong type"),
    ("issued-int", _set("issued", 2026), "trust.malformed", "field 'issued' has the wrong type"),
    ("root-keys-dict", _set("root_keys", {}), "trust.malformed", "field 'root_keys' has the wrong type"),
    ("publishers-dict", _set("publishers", {}), "trust.malformed", "field 'publishers' has the wrong type"),
    ("revoked-str", _set("revoked", "abc"), "trust.malformed", "field 'revoked' has the wrong type"),
    ("revoked-ints", _set("revoked", [1]), "trust.malformed", "revoked must list key ids"),
    ("version-0", _set("version", 0), "trust.malformed", "version and threshold must be >= 1"),
    ("threshold-0", _set("threshold", 0), "trust.malformed", "threshold <= root keys"),
    ("threshold-over-keys", _set("threshold", 2), "trust.malformed", "threshold <= root keys"),
    ("no-root-keys", _set("root_keys", []), "trust.malformed", "threshold <= root keys"),
    ("float", _set("extra", 1.5), "trust.malformed", "floats are not allowed"),
    ("lone-surrogate", _set("id", "\ud800"), "trust.malformed", "lone surrogate"),
    (
        "root-key-not-object",
        _set("root_keys", ["abc"]),
        "trust.malformed",
        "root key entry must be an object",
    ),
    (
        "root-key-id-mismatch",
        _set_in("root_keys", "key_id", OTHER_KEY.key_id),
        "trust.malformed",
        "root_keys[0]: key_id does not match the public key",
    ),
    (
        "root-key-bad-base64",
        _set_in("root_keys", "public_key", "@@not base64@@"),
        "trust.bad_key",
        "root_keys[0]: public key is not valid base64",
    ),
    (
        "root-key-short",
        _set_in("root_keys", "public_key", base64.b64encode(bytes(31)).decode()),
        "trust.bad_key",
        "31 bytes, expected 32",
    ),
    (
        "root-key-missing-key",
        _drop_in("root_keys", "public_key"),
        "trust.malformed",
        "missing field 'public_key'",
    ),
    (
        "publisher-id-mismatch",
        _set_in("publishers", "key_id", OTHER_KEY.key_id),
        "trust.malformed",
        "publishers[0]: key_id does not match the public key",
    ),
    (
        "publisher-bad-base64",
        _set_in("publishers", "public_key", "%%%"),
        "trust.bad_key",
        "publishers[0]: public key is not valid base64",
    ),
    ("publisher-no-roles", _set_in("publishers", "roles", []), "trust.malformed", "roles must be among"),
    (
        "publisher-bad-role",
        _set_in("publishers", "roles", ["admin"]),
        "trust.malformed",
        "roles must be among",
    ),
    (
        "publisher-roles-str",
        _set_in("publishers", "roles", "practice"),
        "trust.malformed",
        "field 'roles' has the wrong type",
    ),
    ("publisher-no-name", _drop_in("publishers", "name"), "trust.malformed", "missing field 'name'"),
    (
        "publisher-bad-time",
        _set_in("publishers", "not_after", "2030-01-01"),
        "trust.malformed",
        "is not a YYYY-MM-DDTHH:MM:SSZ time",
    ),
    ("publisher-not-object", _set("publishers", [1]), "trust.malformed", "publisher entry must be an object"),
]


@pytest.mark.parametrize(
    ("change", "code", "fragment"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_roots_are_refused(
    keys: dict[str, SigningKey], change: Callable[[dict[str, Any]], None], code: str, fragment: str
) -> None:
    signed = copy.deepcopy(_base(keys))
    change(signed)
    signatures = [
        {"key_id": keys["root"].key_id, "signature": "AAAA"}
    ]  # the content is refused before any signature matters
    data = json.dumps({"signed": signed, "signatures": signatures}, ensure_ascii=True).encode()

    _refused(data, code, fragment)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"not json", "invalid JSON"),
        (b"[]", "a trust root is a JSON object"),
        (b'{"signatures":[]}', "missing field 'signed'"),
        (b'{"signed":[],"signatures":[]}', "field 'signed' has the wrong type"),
        (b'{"signed":{},"signed":{}}', "duplicate key 'signed'"),
    ],
)
def test_documents_that_are_not_roots_are_refused(data: bytes, fragment: str) -> None:
    _refused(data, "trust.malformed", fragment)


def test_signatures_must_be_a_list(keys: dict[str, SigningKey]) -> None:
    data = canonical.dumps({"signed": _base(keys), "signatures": {}})

    _refused(data, "trust.malformed", "signatures must be a list")


def test_an_oversized_root_is_refused() -> None:
    _refused(b" " * (MAX_ROOT_BYTES + 1), "trust.too_large", "over")


def test_an_unsigned_root_is_refused(keys: dict[str, SigningKey]) -> None:
    _refused(sign_root(_base(keys), []), "trust.unsigned", "signed by 0 of its root keys, 1 required")


def test_a_root_signed_by_a_key_that_is_not_one_of_its_root_keys_is_refused(
    keys: dict[str, SigningKey],
) -> None:
    _refused(sign_root(_base(keys), [keys["intruder"]]), "trust.unsigned", "signed by 0 of its root keys")


def test_a_signature_under_a_root_key_id_but_made_by_another_key_counts_for_nothing(
    keys: dict[str, SigningKey],
) -> None:
    signed = _base(keys)
    forged = keys["intruder"].sign(ROOT_CONTEXT, canonical.dumps(signed))
    signatures = [{"key_id": keys["root"].key_id, "signature": base64.b64encode(forged).decode()}]

    _refused(canonical.dumps({"signed": signed, "signatures": signatures}), "trust.unsigned", "signed by 0")


def test_a_root_changed_after_signing_is_refused(keys: dict[str, SigningKey]) -> None:
    document = canonical.loads_strict(sign_root(_base(keys), [keys["root"]]))
    document["signed"]["publishers"].append(publisher_entry(keys["intruder"], ["certification"]))

    _refused(canonical.dumps(document), "trust.unsigned", "signed by 0 of its root keys")


def test_a_signature_in_another_context_does_not_count(keys: dict[str, SigningKey]) -> None:
    signed = _base(keys)
    other = keys["root"].sign("pixdesk-pack-manifest-v1", canonical.dumps(signed))
    signatures = [{"key_id": keys["root"].key_id, "signature": base64.b64encode(other).decode()}]

    _refused(canonical.dumps({"signed": signed, "signatures": signatures}), "trust.unsigned", "signed by 0")


@pytest.mark.parametrize(
    "entry",
    [{"key_id": "x"}, "just a string", {"key_id": None, "signature": None}, {"signature": "!!not base64!!"}],
)
def test_junk_signature_entries_are_ignored(keys: dict[str, SigningKey], entry: Any) -> None:
    document = canonical.loads_strict(sign_root(_base(keys), [keys["root"]]))
    document["signatures"].insert(0, entry)

    assert parse_root(canonical.dumps(document), WHERE).version == 1  # the good signature still counts
    document["signatures"] = [entry]
    _refused(canonical.dumps(document), "trust.unsigned", "signed by 0")


def test_threshold_two_with_one_signature_is_refused(keys: dict[str, SigningKey]) -> None:
    signed = root_signed([keys["root"], keys["root2"]], [], threshold=2)

    _refused(sign_root(signed, [keys["root"]]), "trust.unsigned", "signed by 1 of its root keys, 2 required")


def test_threshold_two_is_not_met_by_the_same_key_signing_twice(keys: dict[str, SigningKey]) -> None:
    signed = root_signed([keys["root"], keys["root2"]], [], threshold=2)

    _refused(
        sign_root(signed, [keys["root"], keys["root"]]), "trust.unsigned", "signed by 1 of its root keys"
    )


def test_threshold_two_cannot_be_met_by_listing_one_root_key_twice(keys: dict[str, SigningKey]) -> None:
    signed = root_signed([keys["root"], keys["root"]], [], threshold=2)

    _refused(sign_root(signed, [keys["root"]]), "trust.malformed", "threshold <= root keys")


def test_threshold_two_with_two_signatures_is_accepted(keys: dict[str, SigningKey]) -> None:
    signed = root_signed([keys["root"], keys["root2"]], [], threshold=2)

    root = _root(signed, [keys["root2"], keys["intruder"], keys["root"]])

    assert root.threshold == 2
    assert set(root.root_keys) == {keys["root"].key_id, keys["root2"].key_id}


# --- accept_rotation ----------------------------------------------------------------------------


def _rotation_refused(current: TrustRoot, candidate: TrustRoot, code: str, fragment: str) -> None:
    with pytest.raises(TrustError) as info:
        accept_rotation(current, candidate, "new.json")
    assert info.value.code == code
    assert fragment in str(info.value)
    assert info.value.path == "new.json"


def test_a_newer_version_signed_by_the_root_keys_in_force_is_accepted(keys: dict[str, SigningKey]) -> None:
    current = _root(_base(keys), [keys["root"]])
    candidate = _root(_base(keys, version=2, revoked=[keys["practice"].key_id]), [keys["root"]])

    accept_rotation(current, candidate, "new.json")  # no exception

    assert candidate.revoked == {keys["practice"].key_id}


@pytest.mark.parametrize(("current_version", "candidate_version"), [(1, 1), (2, 1), (5, 4), (3, 3)])
def test_same_or_older_version_is_a_rollback(
    keys: dict[str, SigningKey], current_version: int, candidate_version: int
) -> None:
    current = _root(_base(keys, version=current_version), [keys["root"]])
    candidate = _root(_base(keys, version=candidate_version), [keys["root"]])

    _rotation_refused(
        current,
        candidate,
        "trust.rollback",
        f"version {candidate_version} is not newer than version {current_version} in force",
    )


def test_a_newer_root_signed_only_by_its_own_new_key_is_refused(keys: dict[str, SigningKey]) -> None:
    current = _root(_base(keys), [keys["root"]])
    hijack = root_signed(
        [keys["intruder"]], [publisher_entry(keys["intruder"], ["certification"])], version=2
    )
    candidate = _root(hijack, [keys["intruder"]])  # valid on its own: self-signed

    _rotation_refused(
        current, candidate, "trust.rotation_unsigned", "signed by 0 root keys of version 1 in force"
    )


def test_a_different_root_id_is_refused(keys: dict[str, SigningKey]) -> None:
    current = _root(_base(keys), [keys["root"]])
    candidate = _root(_base(keys, version=2, root_id="other-root"), [keys["root"]])

    _rotation_refused(current, candidate, "trust.unknown_root", "root id 'other-root' is not a root in force")


def test_a_key_replacing_rotation_then_a_root_signed_by_the_new_key_only(keys: dict[str, SigningKey]) -> None:
    old, new = keys["root"], keys["new_root"]
    v1 = _root(root_signed([old], []), [old])
    v2 = _root(root_signed([new], [], version=2), [old, new])  # old keys hand over to the new one
    v3 = _root(root_signed([new], [publisher_entry(keys["both"], ["practice"])], version=3), [new])

    accept_rotation(v1, v2, "2.json")
    accept_rotation(v2, v3, "3.json")

    assert list(v3.root_keys) == [new.key_id]
    # v3 cannot skip v2: the keys of v1 never signed it
    _rotation_refused(v1, v3, "trust.rotation_unsigned", "of version 1 in force")


def test_a_rotation_must_meet_the_threshold_in_force(keys: dict[str, SigningKey]) -> None:
    current = _root(
        root_signed([keys["root"], keys["root2"]], [], threshold=2), [keys["root"], keys["root2"]]
    )
    lowered = _root(root_signed([keys["root"]], [], version=2, threshold=1), [keys["root"]])

    _rotation_refused(
        current, lowered, "trust.rotation_unsigned", "signed by 1 root keys of version 1 in force, 2"
    )


# --- TrustSet.publisher_for ---------------------------------------------------------------------


DEMO = generate_key()
DEMO_REVOKED = generate_key()


@pytest.fixture(scope="module")
def trust_set(keys: dict[str, SigningKey]) -> TrustSet:
    signed = root_signed(
        [keys["root"]],
        [
            publisher_entry(keys["practice"], ["practice"], name="Practice"),
            publisher_entry(keys["certification"], ["certification"], name="Certification"),
            publisher_entry(keys["both"], ["practice", "certification"], name="Both"),
            publisher_entry(keys["old"], ["practice"], not_after=NOW - timedelta(days=1)),
            publisher_entry(keys["future"], ["practice"], not_before=NOW + timedelta(days=1)),
            publisher_entry(keys["intruder"], ["practice"], name="Revoked"),
        ],
        revoked=[keys["intruder"].key_id, DEMO_REVOKED.key_id],
    )
    demo = parse_publishers(
        [publisher_entry(DEMO, ["practice", "certification"]), publisher_entry(DEMO_REVOKED, ["practice"])],
        "demo-publishers.json",
    )
    return TrustSet(roots=(_root(signed, [keys["root"]]),), demo_publishers=demo)


def _key_id(keys: dict[str, SigningKey], name: str) -> str:
    special = {"demo": DEMO.key_id, "demo_revoked": DEMO_REVOKED.key_id, "unknown": "0" * 16}
    return special[name] if name in special else keys[name].key_id


@pytest.mark.parametrize(
    ("name", "role", "code", "fragment"),
    [
        ("unknown", "practice", "trust.unknown_key", "is not trusted"),
        ("intruder", "practice", "trust.revoked", "has been revoked"),
        ("demo_revoked", "practice", "trust.revoked", "has been revoked"),
        ("future", "practice", "trust.key_not_yet_valid", "is not valid before"),
        ("old", "practice", "trust.key_expired", "expired on"),
        (
            "practice",
            "certification",
            "trust.wrong_role",
            "(Practice) may sign practice packs, not certification",
        ),
        ("certification", "practice", "trust.wrong_role", "may sign certification packs, not practice packs"),
    ],
)
def test_publisher_for_refuses(
    trust_set: TrustSet, keys: dict[str, SigningKey], name: str, role: str, code: str, fragment: str
) -> None:
    key_id = _key_id(keys, name)

    with pytest.raises(TrustError) as info:
        trust_set.publisher_for(key_id, role, NOW, "pack.pixpack")

    assert info.value.code == code
    assert key_id in str(info.value)
    assert fragment in str(info.value)
    assert info.value.path == "pack.pixpack"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("practice", "practice"),
        ("certification", "certification"),
        ("both", "practice"),
        ("both", "certification"),
        ("demo", "certification"),
    ],
)
def test_publisher_for_accepts(
    trust_set: TrustSet, keys: dict[str, SigningKey], name: str, role: str
) -> None:
    key_id = _key_id(keys, name)

    publisher = trust_set.publisher_for(key_id, role, NOW, "pack.pixpack")

    assert publisher.key_id == key_id
    assert role in publisher.roles


def test_validity_window_bounds_are_inclusive(keys: dict[str, SigningKey]) -> None:
    entry = publisher_entry(keys["practice"], ["practice"], not_before=NOW, not_after=NOW + timedelta(days=1))
    trust = TrustSet(roots=(_root(root_signed([keys["root"]], [entry]), [keys["root"]]),), demo_publishers={})
    key_id = keys["practice"].key_id

    assert trust.publisher_for(key_id, "practice", NOW, "p").key_id == key_id
    assert trust.publisher_for(key_id, "practice", NOW + timedelta(days=1), "p").key_id == key_id
    with pytest.raises(TrustError, match="not valid before"):
        trust.publisher_for(key_id, "practice", NOW - timedelta(seconds=1), "p")
    with pytest.raises(TrustError, match="expired"):
        trust.publisher_for(key_id, "practice", NOW + timedelta(days=1, seconds=1), "p")


def test_revocations_of_every_root_apply_and_a_root_entry_wins_over_a_demo_entry(
    keys: dict[str, SigningKey],
) -> None:
    first = _root(root_signed([keys["root"]], [], revoked=[keys["old"].key_id]), [keys["root"]])
    second = _root(
        root_signed(
            [keys["root2"]], [publisher_entry(DEMO, ["practice"], name="From root")], root_id="second"
        ),
        [keys["root2"]],
    )
    demo = parse_publishers([publisher_entry(DEMO, ["certification"], name="Demo")], "demo.json")
    trust = TrustSet(roots=(first, second), demo_publishers=demo)

    assert trust.revoked == {keys["old"].key_id}
    assert trust.publishers()[DEMO.key_id].name == "From root"
    with pytest.raises(TrustError) as info:
        trust.publisher_for(DEMO.key_id, "certification", NOW, "p")
    assert info.value.code == "trust.wrong_role"
