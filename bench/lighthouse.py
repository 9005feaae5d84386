"""Lighthouse (mobile preset, Debian's Chromium) on the home page, a chapter, the diagnostic and a simulator of
the real app, beside a blank Reflex app: performance and accessibility scores, LCP and JS transferred.
Targets (issue "Production grade"): performance ≥ 95, accessibility ≥ 95, first-page JS ≤ 1.15 × blank.
Run: make lighthouse (installs lighthouse from npm into .tools/lighthouse the first time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bundle import blank_app, export, serve  # noqa: E402
from guide_app import routes  # noqa: E402
from guide_app.content import chapters  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

LIGHTHOUSE = ROOT / ".tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


def audit(url: str) -> dict[str, float]:
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
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "lcp_ms": round(report["audits"]["largest-contentful-paint"]["numericValue"]),
        # resourceSize (uncompressed): the blank app is served without gzip, ours with it
        "js_bytes": sum(item.get("resourceSize", 0) for item in scripts),
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as workdir, serve(export(blank_app(Path(workdir)))) as url:
        rows.append(("blank Reflex app", "/", audit(url + "/")))
    pages = [
        ("home", routes.HOME),
        ("chapter", routes.chapter(chapters()[0].slug)),
        ("diagnostic", routes.DIAGNOSTIC),
        ("simulator", routes.SIMULATOR_MARGIN + "?montant=10000&marge=15"),
    ]
    with running_app() as app:
        rows += [(label, path, audit(app.url + path)) for label, path in pages]
    blank_js = rows[0][2]["js_bytes"] or 1
    print(f"{'page':<18}{'path':<42}{'perf':>6}{'a11y':>6}{'LCP ms':>8}{'JS, raw (B)':>13}{'× blank':>9}")
    for label, path, result in rows:
        print(
            f"{label:<18}{path:<42}{result['performance']:>6}{result['accessibility']:>6}{result['lcp_ms']:>8}"
            f"{result['js_bytes']:>13,}{result['js_bytes'] / blank_js:>9.2f}"
        )


if __name__ == "__main__":
    main()
