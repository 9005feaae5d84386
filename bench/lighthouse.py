"""Lighthouse (mobile preset, Debian's Chromium) on the home page, a chapter, the diagnostic and a simulator of
the real app, beside a blank Reflex app: performance and accessibility scores, FCP, LCP, TBT, JS transferred and
the LCP element. Each page is audited RUNS times (LIGHTHOUSE_RUNS, default 3) and the median of each figure is
printed: the scores of one run move by ±10 points on a shared 2-core machine.
Targets (issue "Production grade"): performance ≥ 95, accessibility ≥ 95, first-page JS ≤ 1.15 × blank.
Run: make lighthouse (installs lighthouse from npm into .tools/lighthouse the first time)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bundle import blank_app, export, serve  # noqa: E402
from guide_app.core import routes  # noqa: E402
from guide_app.core.content import chapters  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

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


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as workdir, serve(export(blank_app(Path(workdir)))) as url:
        rows.append(("blank Reflex app", "/", median_audit(url + "/")))
    pages = [
        ("home", routes.HOME),
        ("chapter", routes.chapter(chapters()[0].slug)),
        ("diagnostic", routes.DIAGNOSTIC),
        ("simulator", routes.SIMULATOR_MARGIN + "?montant=10000&marge=15"),
    ]
    with running_app() as app:
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
