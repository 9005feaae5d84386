"""Lighthouse (mobile preset, Debian's Chromium) on the pages a phone opens first — home, a chapter, the diagnostic,
each simulator, the account, sign-in and sign-up, and the pages whose path carries an id (a shared diagnostic
result, a workshop room, a debtor's page: rows seeded in the app's database) — beside a blank Reflex app:
performance and accessibility scores, FCP, LCP, TBT, JS transferred and the LCP element. Each page is audited RUNS
times (LIGHTHOUSE_RUNS, default 3) and the median of each figure is printed: the scores of one run move by ±10
points on a shared 2-core machine.
Each page of the app is measured twice: straight from the app, and behind nginx over HTTP/2 and TLS with
deploy/nginx.conf — the way README says to deploy it (a certificate made for the run, which this Chromium is told to
accept). The app serves its files already compressed (brotli, gzip) either way.
Targets (issue "First paint"): performance ≥ 95, accessibility 100, LCP ≤ 2.0 s, first-page JS ≤ the blank app's.
Run: make lighthouse (installs lighthouse from npm into .tools/lighthouse the first time; nginx from Debian's
packages when it is missing)."""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
from tests.e2e.app_server import free_port, nginx_in_front, running_app  # noqa: E402
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.integration.sending_fixtures import build_case  # noqa: E402

LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
FIGURES = ("performance", "accessibility", "fcp_ms", "lcp_ms", "tbt_ms", "js_bytes")


@contextmanager
def behind_nginx(app_url: str, port: int) -> Iterator[str]:
    """nginx in front of the app at `app_url`, with deploy/nginx.conf listening on `port`, HTTP/2 over TLS (a
    certificate for 127.0.0.1 made for this run). Yields the proxy's https URL."""
    with tempfile.TemporaryDirectory(prefix="guide-h2-") as folder:
        workdir = Path(folder)
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        certificate = (f"ssl_certificate {workdir}/cert.pem;", f"ssl_certificate_key {workdir}/key.pem;")
        with nginx_in_front(
            workdir, [app_url.removeprefix("http://")], f"127.0.0.1:{port} ssl http2", *certificate, "access_log off;"
        ):
            _wait_for_port(port)
            yield f"https://127.0.0.1:{port}".removesuffix(":443")


def _wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        except urllib.error.HTTPError:
            return  # nginx answers (plain HTTP on its TLS port: 400)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


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
                # the proxy's certificate is made for the run: accepted as Lighthouse's docs say
                f"--chrome-flags=--headless=new --ignore-certificate-errors {' '.join(CHROMIUM_FLAGS)}",
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
    # The proxy listens on 443, as deployed: over https, Reflex's page opens its websocket on the default port
    # whatever port the page came from. The app answers its own address and the proxy's (origins are checked).
    app_port, proxy_port = free_port(), 443
    origins = f"http://127.0.0.1:{app_port},https://127.0.0.1"
    with running_app({"GUIDE_ALLOWED_ORIGINS": origins}, port=app_port) as app:
        pages += seeded(app.database_url)
        rows += [(label, path, median_audit(app.url + path)) for label, path in pages]
        with behind_nginx(app.url, proxy_port) as proxy:
            proxied = [(label, path, median_audit(proxy + path)) for label, path in pages]
    blank_js = float(rows[0][2]["js_bytes"]) or 1.0
    print(f"median of {RUNS} runs per page (Lighthouse mobile preset, simulated throttling)")
    table("straight from the app (HTTP/1.1), beside a blank Reflex app", rows, blank_js)
    table("behind nginx (deploy/nginx.conf), HTTP/2 over TLS", proxied, blank_js)


def table(title: str, rows: list[tuple[str, str, dict[str, float | str]]], blank_js: float) -> None:
    print(f"\n{title}")
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
