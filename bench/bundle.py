"""Prints the JavaScript (gzip bytes) a phone downloads for the home page and a chapter page, beside the
same figure for a blank Reflex app built in a temp folder, and the ratio (budget: ≤ 1.15).

Both apps are exported as static production builds, served on loopback, and opened in Debian's
Chromium at 390×844; every script response is counted once per page, gzip-compressed (level 6).

Then the simulators, which need their backend to show a result: the real app runs once (production build,
one port, temp SQLite) and the script prints what a phone downloads for a simulator without a chart, and for
the DSO simulator before its chart appears (a link with a bad value) and after (once the value is fixed): the
chart is an SVG picture in the page's update (guide_app/core/svg.py), so no script should be added.
Run: make bench
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide_app.core import routes  # noqa: E402
from guide_app.core.content import chapters  # noqa: E402
from guide_app.quiz.diagnostic import diagnostic_bank  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS, PHONE, wait_hydrated  # noqa: E402

BUDGET = 1.15


def export(app_dir: Path) -> Path:
    """Static production build of the app in app_dir; returns the folder to serve."""
    subprocess.run(
        ["reflex", "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "warning"],
        cwd=app_dir,
        check=True,
    )
    return app_dir / ".web" / "build" / "client"


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def js_gzip_bytes(
    base_url: str,
    path: str,
    then: Callable[[Page], None] | None = None,
    *,
    storage_state: Any = None,
    wait_for: str = "",
) -> list[tuple[int, int]]:
    """(gzip bytes, number of scripts) that a fresh phone downloads to show base_url + path; with `then`, a second
    figure: everything downloaded once `then` (a user's action and what it waits for) is done."""
    bodies: dict[str, bytes] = {}
    figures = []

    def total() -> tuple[int, int]:
        return sum(len(gzip.compress(body, 6)) for body in bodies.values()), len(bodies)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, storage_state=storage_state)
        page = context.new_page()

        def keep(response):  # type: ignore[no-untyped-def]
            if response.request.resource_type == "script" or response.url.endswith((".js", ".mjs")):
                with contextlib.suppress(Exception):  # a script aborted by navigation has no body
                    bodies[response.url] = response.body()

        page.on("response", keep)
        page.goto(base_url + path, wait_until="networkidle")
        if wait_for:
            page.locator(wait_for).first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
        figures.append(total())
        if then is not None:
            then(page)
            page.wait_for_load_state("networkidle")
            figures.append(total())
        browser.close()
    return figures


def fix_revenue_and_wait_for_the_chart(page: Page) -> None:
    page.locator("#champ-ca").fill("1000000")
    page.locator(".sim-chart svg").first.wait_for(timeout=30_000)


def phone_with_a_diagnostic_result(base_url: str) -> Any:
    """The storage of a phone that finished the diagnostic (first answer everywhere, no profile)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True)
        page = context.new_page()
        page.goto(base_url + routes.DIAGNOSTIC)
        wait_hydrated(page)
        page.get_by_role("button", name="Commencer").click()
        for index, question in enumerate(diagnostic_bank().questions):
            page.get_by_text(f"Question {index + 1} sur").wait_for()
            page.get_by_role("button", name=question.answers[0].text, exact=True).click()
        page.get_by_role("button", name="Passer cette étape").click()
        page.wait_for_url(f"**{routes.DIAGNOSTIC_RESULT}")
        state = context.storage_state()
        browser.close()
    return state


def blank_app(workdir: Path) -> Path:
    app_dir = workdir / "blank"
    app_dir.mkdir()
    subprocess.run(["reflex", "init", "--template", "blank", "--loglevel", "warning"], cwd=app_dir, check=True)
    (app_dir / "rxconfig.py").write_text(
        (app_dir / "rxconfig.py").read_text().replace('app_name="blank",', 'app_name="blank", telemetry_enabled=False,')
    )
    return app_dir


def main() -> None:
    os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    workdir = Path(tempfile.mkdtemp(prefix="bundle-bench-"))
    try:
        blank_size, blank_count = 0, 0
        with serve(export(blank_app(workdir))) as url:
            ((blank_size, blank_count),) = js_gzip_bytes(url, "/")
        chapter = chapters()[1]
        rows = []
        with serve(export(ROOT)) as url:
            for label, path in (("home", "/"), ("chapter", f"/chapitres/{chapter.slug}")):
                ((size, count),) = js_gzip_bytes(url, path)
                rows.append((label, path, size, count))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"{'page':<10}{'path':<42}{'scripts':>8}{'JS gzip (B)':>14}{'ratio':>8}")
    print(f"{'blank':<10}{'/ (blank Reflex app)':<42}{blank_count:>8}{blank_size:>14,}{1:>8.3f}")
    for label, path, size, count in rows:
        print(f"{label:<10}{path:<42}{count:>8}{size:>14,}{size / blank_size:>8.3f}")
    worst = max(size for *_, size, _ in rows) / blank_size
    print(f"worst ratio {worst:.3f} (budget ≤ {BUDGET}): {'within budget' if worst <= BUDGET else 'OVER BUDGET'}")

    margin_path = f"{routes.SIMULATOR_MARGIN}?montant=10000&marge=15"
    dso_path = f"{routes.SIMULATOR_DSO}?ca=abc"
    with running_app() as app:
        url = app.url
        ((margin_size, margin_count),) = js_gzip_bytes(url, margin_path)
        (before, before_count), (after, after_count) = js_gzip_bytes(url, dso_path, fix_revenue_and_wait_for_the_chart)
        ((result_size, result_count),) = js_gzip_bytes(
            url,
            routes.DIAGNOSTIC_RESULT,
            storage_state=phone_with_a_diagnostic_result(url),
            wait_for=".radar svg",
        )
    print()
    print("simulators (real app: production build with its backend, so results and charts show)")
    print(f"{'page':<23}{'path':<50}{'scripts':>8}{'JS gzip (B)':>14}")
    print(f"{'no chart':<23}{margin_path:<50}{margin_count:>8}{margin_size:>14,}")
    print(f"{'DSO, before its chart':<23}{dso_path:<50}{before_count:>8}{before:>14,}")
    print(f"{'DSO, chart shown':<23}{'(same page, once the value is fixed)':<50}{after_count:>8}{after:>14,}")
    print(f"the chart adds {after - before:,} B of JS (gzip): it is drawn on the server")
    print()
    print("diagnostic result (real app; a phone that finished the diagnostic opens its result, cold cache)")
    print(f"{'page':<23}{'path':<50}{'scripts':>8}{'JS gzip (B)':>14}")
    print(f"{'result with its radar':<23}{routes.DIAGNOSTIC_RESULT:<50}{result_count:>8}{result_size:>14,}")


if __name__ == "__main__":
    main()
