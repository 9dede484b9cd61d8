"""What the status bar reads: configured, online, queue, last sync."""

from __future__ import annotations

import httpx
import pytest
from sync_machines import World

from pixdesk.services.sync_status import SyncStatusService
from sync.backoff import Backoff
from sync.transport import SyncError


def test_the_status_follows_enrollment_and_each_round(world: World) -> None:
    a = world.machine("a")
    a.fill_outbox(2)
    status = SyncStatusService(a.attempts())

    before = status.status()
    assert (before.configured, before.online, before.waiting, before.last_sync) == (False, None, 2, None)

    a.enroll(world.server)
    enrolled = status.status()
    assert enrolled.configured and enrolled.online is None and enrolled.waiting == 2

    a.sync(world.server)
    synced = status.status()
    assert synced.online is True and synced.waiting == 0 and synced.last_sync == world.clock()

    a.fill_outbox(1)
    world.server.faults = [httpx.ConnectError("cable out")] * 5
    with pytest.raises(SyncError):
        a.sync(world.server, backoff=Backoff(tries=1))
    offline = status.status()
    assert (offline.online, offline.waiting, offline.error_code) == (False, 1, "sync.unreachable")
    assert offline.last_sync == synced.last_sync, "the last complete sync is still shown"
