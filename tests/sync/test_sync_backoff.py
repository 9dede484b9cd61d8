"""Network trouble: exponential backoff with jitter, Retry-After, bounded tries; enrollment errors."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sync_machines import World

from pixdesk.services.sync_state import SyncStateService
from sync.backoff import Backoff, parse_retry_after
from sync.transport import SyncError


def test_the_delays_grow_exponentially_with_full_jitter_and_a_cap() -> None:
    backoff = Backoff(base=1, cap=10, tries=8)
    assert [backoff.delay(n, None, lambda: 1.0) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]
    assert backoff.delay(3, None, lambda: 0.0) == 0
    assert backoff.delay(1, 30, lambda: 0.0) == 30, "Retry-After is never shortened"
    assert backoff.gives_up(8, None) and not backoff.gives_up(7, None)
    assert backoff.gives_up(1, 301), "a Retry-After beyond max_wait ends the round"


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 26, 14, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7
    assert parse_retry_after("Thu, 26 Nov 2026 14:00:30 GMT", now) == 30
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_network_errors_5xx_and_429_are_retried_then_the_round_completes(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(2)
    world.server.faults = [httpx.ConnectError("no route to host"), 503, (429, 7)]

    summary = a.sync(world.server)

    assert summary.drain.sent == 2
    assert world.clock.slept == [0.5, 1.0, 7.5], "jitter 0.5 of 1 s, of 2 s, then Retry-After 7 s (+0.5)"
    state = SyncStateService(a.settings).state()
    assert state is not None and state.online and state.last_error_code is None and state.last_sync_at


def test_tries_are_bounded_and_the_error_is_recorded_for_the_status_bar(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(1)
    world.server.faults = [503] * 10

    with pytest.raises(SyncError) as info:
        a.sync(world.server)

    assert info.value.code == "sync.server_error" and info.value.retryable and info.value.exit_code == 1
    assert len(world.clock.slept) == 4, "5 tries, 4 waits"
    assert a.outbox()[0]["status"] == "pending"
    state = SyncStateService(a.settings).state()
    assert state is not None and state.online is True and state.last_error_code == "sync.server_error"
    assert state.last_sync_at is None


def test_an_unreachable_server_is_recorded_offline(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    world.server.faults = [httpx.ConnectError("down")] * 10

    with pytest.raises(SyncError) as info:
        a.sync(world.server, backoff=Backoff(tries=2))

    assert info.value.code == "sync.unreachable"
    state = SyncStateService(a.settings).state()
    assert state is not None and state.online is False and state.last_error_code == "sync.unreachable"


def test_a_long_retry_after_ends_the_round_without_waiting(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(1)
    world.server.faults = [(429, 3600)]

    with pytest.raises(SyncError) as info:
        a.sync(world.server)

    assert info.value.code == "sync.rate_limited" and info.value.retry_after == 3600
    assert world.clock.slept == []


def test_enrollment_stores_the_server_key_and_a_refused_code_is_clear(world: World) -> None:
    a = world.machine("a")
    client = a.client(world.server)
    with pytest.raises(SyncError) as refused:
        client.enroll("https://cert.example.org", "WRONG-CODE", "lab-1")
    assert refused.value.code == "sync.refused" and refused.value.server_code == "enroll.bad_code"
    assert "enrollment code" in str(refused.value)
    assert SyncStateService(a.settings).state() is None

    state = client.enroll("https://cert.example.org/", "GOOD-CODE", "lab-1")
    client.close()

    assert state.server_url == "https://cert.example.org"
    assert (state.centre_id, state.device_name) == ("c1", "lab-1")
    assert state.server_key_id == world.server.key.key_id and state.server_key == world.server.key.public.b64
    assert a.device.key_id in world.server.devices


def test_enrollment_reports_an_unreachable_server_and_a_bad_url(world: World) -> None:
    a = world.machine("a")
    world.server.faults = [httpx.ConnectError("connection refused")] * 3
    client = a.client(world.server)
    with pytest.raises(SyncError) as down:
        client.enroll("https://cert.example.org", "GOOD-CODE")
    assert down.value.code == "sync.unreachable" and "cannot reach the server" in str(down.value)
    with pytest.raises(SyncError) as bad:
        client.enroll("cert.example.org", "GOOD-CODE")
    assert bad.value.code == "sync.bad_url"
    client.close()


def test_a_clock_outside_the_replay_window_says_so(world: World) -> None:
    from datetime import timedelta

    a = world.machine("a")
    a.enroll(world.server)
    server_clock = world.clock.now + timedelta(hours=1)
    world.server.clock = lambda: server_clock

    with pytest.raises(SyncError) as info:
        a.sync(world.server)

    assert info.value.server_code == "protocol.clock" and "date and time" in str(info.value)
