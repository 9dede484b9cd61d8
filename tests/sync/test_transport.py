"""The connection's request body: sent whole with its length, and told when written."""

from __future__ import annotations

import httpx

from pixdesk.signing import generate_key
from sync.transport import ServerConnection


def test_a_body_sent_with_on_sent_goes_whole_with_its_length_and_says_when_written_on_each_try() -> None:
    seen: list[tuple[dict[str, str], bytes, int]] = []
    written: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = request.read()
        seen.append((dict(request.headers), body, len(written)))
        if len(seen) == 1:
            return httpx.Response(503, json={"error": {"code": "busy", "message": "try again"}})
        return httpx.Response(200, json={"ok": True})

    conn = ServerConnection(
        "http://server.test", generate_key(), transport=httpx.MockTransport(handler), sleep=lambda _s: None
    )
    body = b'{"bundles":[]}' * 1000

    answer = conn.call("POST", "/v1/bundles", body, on_sent=lambda: written.append(1))

    assert answer == {"ok": True}
    assert len(seen) == 2 and len(written) == 2, "each try writes the body again, and says so"
    assert [written_before for _h, _b, written_before in seen] == [1, 2], "said before the answer"
    for headers, sent, _written in seen:
        assert sent == body
        assert headers["content-length"] == str(len(body)) and "transfer-encoding" not in headers
