"""A centre's results for its admins: the server's own results, as JSON and as CSV."""

from __future__ import annotations

import csv
import io

from server_world import Server
from test_server_sync import profile, upload

from pixdesk import canonical
from sync.server import registry


def test_results_per_learner_and_competence_as_json_and_csv(server: Server) -> None:
    a, b = server.world.machines["A"], server.world.machines["B"]
    upload(server, a, profile("ada", display_name="Ada Lovelace"), profile("cyd", display_name="=Cyd"))
    server.send(a, *a.envelopes)
    server.send(b, *b.envelopes)
    token = registry.add_token(server.engine, server.centres["1"], server.clock())
    auth = {"Authorization": f"Bearer {token}"}

    response = server.client.get(f"/v1/centres/{server.centres['1']}/results", headers=auth)
    assert response.status_code == 200, response.text
    report = response.json()
    by_id = {learner["id"]: learner for learner in report["learners"]}
    assert set(by_id) == {"ada", "bob", "cyd"}
    assert by_id["ada"]["display_name"] == "Ada Lovelace"
    ada = {score["competence"]: score for score in by_id["ada"]["competences"]}
    expected = canonical.loads_canonical(a.envelopes[1].payload)["result"]["competences"]["4.1"]
    assert (ada["4.1"]["pix"], ada["4.1"]["level"]) == (expected["pix"], expected["level"])
    assert ada["4.1"]["kind"] == "competence" and ada["4.1"]["date"].endswith("Z")
    bob = {score["competence"]: score for score in by_id["bob"]["competences"]}
    certified = [s for s in bob.values() if s["kind"] == "certification"]
    assert all(s["pix"] is None for s in certified), "a certification gives levels, not pix"

    text = server.client.get(
        f"/v1/centres/{server.centres['1']}/results?format=csv", headers=auth
    ).content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["learner_id", "display_name", "competence", "pix", "level", "kind", "last_result"]
    assert ["ada", "Ada Lovelace", "4.1", str(expected["pix"]), str(expected["level"])] == rows[
        next(i for i, r in enumerate(rows) if r[:3] == ["ada", "Ada Lovelace", "4.1"])
    ][:5]
    assert any(r[1] == "'=Cyd" for r in rows), "a name is never a spreadsheet formula"
    assert len(rows) - 1 == sum(len(learner["competences"]) for learner in report["learners"])


def test_results_need_the_centres_own_token(server: Server) -> None:
    path = f"/v1/centres/{server.centres['1']}/results"
    missing = server.client.get(path)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "auth.missing_token"
    wrong = server.client.get(path, headers={"Authorization": "Bearer pxa_nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "auth.bad_token"
    other = registry.add_token(server.engine, server.centres["2"], server.clock())
    response = server.client.get(path, headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "auth.wrong_centre"
    with server.engine.connect() as connection:
        from sqlalchemy import text

        stored = connection.execute(text("SELECT token_sha256 FROM admin_tokens")).scalars().all()
    assert other not in stored and all(len(value) == 64 for value in stored), "only hashes are stored"
