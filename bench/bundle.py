"""Prints the JavaScript (gzip bytes) a phone downloads for the home page and a chapter page, beside the
same figure for a blank Reflex app built in a temp folder, and the ratio (budget: ≤ 1.15).

Both apps are exported as static production builds, served on loopback, and opened in Debian's
Chromium at 390×844; every script response is counted once per page, gzip-compressed (level 6).
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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide_app.content import chapters  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.e2e.phone import PHONE  # noqa: E402

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


def js_gzip_bytes(base_url: str, path: str) -> tuple[int, int]:
    """(gzip bytes, number of scripts) that a fresh phone downloads to show base_url + path."""
    bodies: dict[str, bytes] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True)
        page = context.new_page()

        def keep(response):  # type: ignore[no-untyped-def]
            if response.request.resource_type == "script" or response.url.endswith((".js", ".mjs")):
                with contextlib.suppress(Exception):  # a script aborted by navigation has no body
                    bodies[response.url] = response.body()

        page.on("response", keep)
        page.goto(base_url + path, wait_until="networkidle")
        browser.close()
    return sum(len(gzip.compress(body, 6)) for body in bodies.values()), len(bodies)


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
            blank_size, blank_count = js_gzip_bytes(url, "/")
        chapter = chapters()[1]
        rows = []
        with serve(export(ROOT)) as url:
            for label, path in (("home", "/"), ("chapter", f"/chapitres/{chapter.slug}")):
                size, count = js_gzip_bytes(url, path)
                rows.append((label, path, size, count))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"{'page':<10}{'path':<42}{'scripts':>8}{'JS gzip (B)':>14}{'ratio':>8}")
    print(f"{'blank':<10}{'/ (blank Reflex app)':<42}{blank_count:>8}{blank_size:>14,}{1:>8.3f}")
    for label, path, size, count in rows:
        print(f"{label:<10}{path:<42}{count:>8}{size:>14,}{size / blank_size:>8.3f}")
    worst = max(size for *_, size, _ in rows) / blank_size
    print(f"worst ratio {worst:.3f} (budget ≤ {BUDGET}): {'within budget' if worst <= BUDGET else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
