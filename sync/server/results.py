"""A centre's results, per learner and competence, for its admins. Layer: sync.server.

``GET /v1/centres/{centre}/results`` (the centre admins' bearer token). Built from the
server's own recomputed results (``competence_results``), never from a client's: for
each learner and competence, the latest result (by the attempt's end, then by arrival)
with its pix (None for a certification, which gives levels only), its level and its
date. Only scored bundles count: the JSON also says how many of the centre's bundles
still wait to be scored (``scoring.pending``) and lists those refused at scoring
(``scoring.refused``: their events did not replay) for a person to look at. JSON for
programs, CSV (UTF-8 with a byte-order mark, ``;`` separated: what a French spreadsheet
opens directly) for people.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.engine import Engine

from sync.server.auth import centre_admin
from sync.server.registry import get_centre
from sync.server.schema import bundles, competence_results, profiles
from sync.server.scoring import scoring_backlog
from sync.server.state import ServerState, get_state

__all__ = ["CSV_COLUMNS", "centre_results", "results_csv", "router"]

router = APIRouter(prefix="/v1/centres", tags=["centres"])

CSV_COLUMNS = ("learner_id", "display_name", "competence", "pix", "level", "kind", "last_result")


def centre_results(engine: Engine, centre_id: str) -> dict[str, Any]:
    """``{"centre": {...}, "learners": [{"id", "display_name", "competences": [...]}],
    "scoring": {"pending": n, "refused": [...]}}``."""
    cr = competence_results
    with engine.connect() as connection:
        centre = get_centre(connection, centre_id)
        rows = connection.execute(
            select(
                cr.c.learner_id, cr.c.competence, cr.c.pix, cr.c.level, cr.c.attempt_kind, cr.c.finished_at
            )
            .join(bundles, bundles.c.bundle_id == cr.c.bundle_id)
            .where(cr.c.centre_id == centre_id)
            .order_by(cr.c.learner_id, cr.c.competence, cr.c.finished_at, bundles.c.centre_seq)
        ).mappings()
        latest: dict[str, dict[str, dict[str, Any]]] = {}
        for row in rows:
            latest.setdefault(row["learner_id"], {})[row["competence"]] = {
                "competence": row["competence"],
                "pix": row["pix"],
                "level": row["level"],
                "kind": row["attempt_kind"],
                "date": row["finished_at"],
            }
        refused = connection.execute(
            select(
                bundles.c.bundle_id,
                bundles.c.learner_id,
                bundles.c.attempt_id,
                bundles.c.scoring_code,
                bundles.c.scoring_reason,
                bundles.c.received_at,
            )
            .where(bundles.c.centre_id == centre_id, bundles.c.scoring == "refused")
            .order_by(bundles.c.received_at, bundles.c.bundle_id)
        ).mappings()
        scoring = {
            "pending": scoring_backlog(connection, centre_id),
            "refused": [
                {
                    "bundle": row["bundle_id"],
                    "learner": row["learner_id"],
                    "attempt": row["attempt_id"],
                    "code": row["scoring_code"],
                    "reason": row["scoring_reason"],
                    "received_at": row["received_at"],
                }
                for row in refused
            ],
        }
        names: dict[str, str] = {
            str(pid): str(name)
            for pid, name in connection.execute(
                select(profiles.c.id, profiles.c.display_name).where(profiles.c.centre_id == centre_id)
            )
        }
    learners = [
        {
            "id": learner,
            "display_name": names.get(learner),
            "competences": [by_code[code] for code in sorted(by_code)],
        }
        for learner, by_code in sorted(latest.items())
    ]
    learners += [
        {"id": learner, "display_name": name, "competences": []}
        for learner, name in sorted(names.items())
        if learner not in latest
    ]
    return {
        "centre": {"id": centre_id, "name": None if centre is None else centre.name},
        "learners": learners,
        "scoring": scoring,
    }


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(report: dict[str, Any]) -> str:
    """The report as CSV text: a BOM, a header line, one line per learner and competence."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for learner in report["learners"]:
        for score in learner["competences"]:
            writer.writerow(
                (
                    learner["id"],
                    _cell(learner["display_name"] or ""),
                    score["competence"],
                    "" if score["pix"] is None else score["pix"],
                    "" if score["level"] is None else score["level"],
                    score["kind"],
                    score["date"],
                )
            )
    return "\ufeff" + out.getvalue()


@router.get(
    "/{centre}/results",
    responses={
        200: {
            "content": {"application/json": {}, "text/csv": {}},
            "description": "results per learner and competence",
        },
        401: {"description": "`auth.missing_token`, `auth.bad_token`"},
        403: {"description": "`auth.wrong_centre`"},
    },
)
def results(
    centre: Annotated[str, Depends(centre_admin)],
    state: Annotated[ServerState, Depends(get_state)],
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """The centre's results: JSON, or CSV (UTF-8 with BOM, ``;`` separated)."""
    report = centre_results(state.engine, centre)
    if format == "csv":
        return Response(
            results_csv(report).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="results-{centre}.csv"'},
        )
    return JSONResponse(report)
