"""``pixdesk trust show | update | sign-root``. Layer: entry point."""

from __future__ import annotations

import argparse

from pixdesk.cli.context import settings_for

__all__ = ["show", "sign_root_cmd", "update"]


def show(args: argparse.Namespace) -> int:
    from pixdesk.trust_store import load_chains, load_trust

    settings = settings_for(args)
    trust = load_trust(settings)
    for chain in load_chains(settings):
        root = chain.in_force
        print(f"root {root.root_id} version {root.version} issued {root.issued} (from {chain.source})")
        print(f"  root keys: {', '.join(sorted(root.root_keys))} (threshold {root.threshold})")
        for key_id, pub in sorted(root.publishers.items()):
            state = (
                "REVOKED"
                if key_id in trust.revoked
                else f"{pub.not_before:%Y-%m-%d}..{pub.not_after:%Y-%m-%d}"
            )
            print(f"  publisher {key_id} {pub.name!r} roles={','.join(sorted(pub.roles))} {state}")
        if root.revoked:
            print(f"  revoked: {', '.join(sorted(root.revoked))}")
    if trust.demo_publishers:
        for key_id, pub in sorted(trust.demo_publishers.items()):
            state = "REVOKED" if key_id in trust.revoked else "trusted by config (trust_demo_publisher)"
            print(f"demo publisher {key_id} {pub.name!r} roles={','.join(sorted(pub.roles))} {state}")
    else:
        print("demo publisher: not trusted (trust_demo_publisher = false)")
    return 0


def update(args: argparse.Namespace) -> int:
    from pixdesk.trust_store import update_root

    settings = settings_for(args)
    root = update_root(settings, args.root)
    print(f"trust root {root.root_id} is now version {root.version}")
    return 0


def sign_root_cmd(args: argparse.Namespace) -> int:
    from pixdesk import canonical
    from pixdesk.errors import TrustError
    from pixdesk.fsio import write_atomic
    from pixdesk.signing import load_private_key
    from pixdesk.trust import parse_root, sign_root

    settings_for(args)
    try:
        signed = canonical.loads_strict(args.draft.read_bytes())
        canonical.dumps(signed)  # refuse now what could not be signed (floats, lone surrogates)
    except (OSError, canonical.CanonicalError) as exc:
        raise TrustError("trust.malformed", f"cannot read root draft: {exc}", str(args.draft)) from None
    data = sign_root(signed, [load_private_key(path) for path in args.key])
    root = parse_root(data, str(args.draft))  # refuses a draft its own keys did not sign enough
    write_atomic(args.out, data + b"\n")
    print(f"wrote {args.out}: root {root.root_id} version {root.version}")
    return 0
