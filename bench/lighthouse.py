"""Lighthouse (mobile preset, Debian's Chromium) on the pages a phone opens first — home, a chapter, the diagnostic,
each simulator, the account, sign-in and sign-up, and the pages whose path carries an id (a shared diagnostic
result, a workshop room, a debtor's page: rows seeded in the app's database) — beside a blank Reflex app:
performance and accessibility scores, FCP, LCP, TBT, JS transferred and the LCP element. Each page is audited RUNS
times (LIGHTHOUSE_RUNS, default 3) and the median of each figure is printed: the scores of one run move by ±10
points on a shared 2-core machine.
Targets (issue "First paint"): performance ≥ 95, accessibility 100, LCP ≤ 2.0 s, first-page JS ≤ the blank app's.
Run: make lighthouse (installs lighthouse from npm into .tools/lighthouse the first time)."""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlmodel import Session, create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bundle import blank_app, export, serve  # noqa: E402
from guide_app.admin import create_advisor  # noqa: E402
from guide_app.core import routes  # noqa: E402
from guide_app.core.content import chapters  # noqa: E402
from guide_app.models import CollectionCase  # noqa: E402
from guide_app.quiz import store as quiz_store  # noqa: E402
from guide_app.quiz.diagnostic import diagnostic_bank  # noqa: E402
from guide_app.quiz.scoring import level_for  # noqa: E402
from guide_app.workshop import store as workshop_store  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.integration.sending_fixtures import build_case  # noqa: E402

LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
FIGURES = ("performance", "accessibility", "fcp_ms", "lcp_ms", "tbt_ms", "js_bytes")


def audit(url: str) -> dict[str, float | str]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out.name}",
                "--only-categories=performance,accessibility",
                f"--chrome-flags=--headless=new {' '.join(CHROMIUM_FLAGS)}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        report = json.loads(Path(out.name).read_text())
    scripts = [
        item
        for item in report["audits"]["network-requests"]["details"]["items"]
        if item.get("resourceType") == "Script"
    ]
    audits = report["audits"]
    lcp_items = audits["largest-contentful-paint-element"].get("details", {}).get("items", [{}])
    lcp_node = next(iter(lcp_items[0].get("items", [{}])), {}).get("node", {}) if lcp_items else {}
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        # resourceSize (uncompressed): the blank app is served without compression, ours with it
        "js_bytes": sum(item.get("resourceSize", 0) for item in scripts),
        "lcp_element": lcp_node.get("nodeLabel", "") or lcp_node.get("snippet", ""),
    }


def median_audit(url: str) -> dict[str, float | str]:
    runs = [audit(url) for _ in range(RUNS)]
    median: dict[str, float | str] = {key: statistics.median(float(run[key]) for run in runs) for key in FIGURES}
    median["lcp_element"] = runs[0]["lcp_element"]
    median["performance_runs"] = "/".join(str(run["performance"]) for run in runs)
    return median


def seeded(database_url: str) -> list[tuple[str, str]]:
    """The pages whose path carries an id, each with a real row behind it: a shared diagnostic result, a workshop
    room (the QR code's link) and a debtor's page (the e-mailed link)."""
    engine = create_engine(database_url)
    bank = diagnostic_bank()
    with Session(engine) as session:
        attempt = quiz_store.start_attempt(session, visitor_token="b" * 32)
        scores = {axis.id: 50 for axis in bank.axes}
        share = quiz_store.finish_attempt(
            session, attempt=attempt, overall=50, level_id=level_for(bank, 50).id, axis_scores=scores, profile=None
        )
        advisor = create_advisor(session, email="mesure@cci.fr", name="Claire", password="une phrase de passe sûre")
        room = workshop_store.create_workshop(
            session, advisor_id=advisor.id or 0, title="Atelier mesuré", held_on=date.today(), mode="self_paced"
        )
    built = build_case(engine)
    with Session(engine) as session:
        case = session.get(CollectionCase, built.case_id)
        assert case is not None
        case.debtor_token = token = secrets.token_urlsafe(24)
        session.add(case)
        session.commit()
    engine.dispose()
    return [
        ("diagnostic result", routes.diagnostic_share(share)),
        ("workshop room", routes.workshop_room(room.code)),
        ("debtor page", routes.debtor_page(token)),
    ]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as workdir, serve(export(blank_app(Path(workdir)))) as url:
        rows.append(("blank Reflex app", "/", median_audit(url + "/")))
    pages = [
        ("home", routes.HOME),
        ("chapter", routes.chapter(chapters()[0].slug)),
        ("diagnostic", routes.DIAGNOSTIC),
        *[(slug, routes.simulator(slug)) for slug in routes.SIMULATOR_TITLES],
        ("account", routes.ACCOUNT),
        ("sign in", routes.SIGN_IN),
        ("sign up", routes.SIGN_UP),
    ]
    with running_app() as app:
        pages += seeded(app.database_url)
        rows += [(label, path, median_audit(app.url + path)) for label, path in pages]
    blank_js = float(rows[0][2]["js_bytes"]) or 1.0
    print(f"median of {RUNS} runs per page (Lighthouse mobile preset, simulated throttling)")
    print(
        f"{'page':<18}{'path':<42}{'perf':>6}{'a11y':>6}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}"
        f"{'JS, raw (B)':>13}{'× blank':>9}  perf per run / LCP element"
    )
    for label, path, result in rows:
        js = float(result["js_bytes"])
        print(
            f"{label:<18}{path:<42}{result['performance']:>6.0f}{result['accessibility']:>6.0f}"
            f"{result['fcp_ms']:>8.0f}{result['lcp_ms']:>8.0f}{result['tbt_ms']:>8.0f}"
            f"{js:>13,.0f}{js / blank_js:>9.2f}  {result['performance_runs']} / {str(result['lcp_element'])[:40]}"
        )


if __name__ == "__main__":
    main()
