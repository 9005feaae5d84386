"""The app's PNG icons (assets/icon-32.png, icon-192.png, icon-512.png), drawn by Chromium from
assets/favicon.svg, the one drawing of the logo (the page header draws the same file inline:
guide_app/components/layout.py).

Why PNG: to show an SVG icon (the tab's, the installed app's), the browser builds a whole SVG document on the page's
main thread, twice during a first load (the icon, the manifest's icon), while the page's scripts run; a PNG is only
decoded. Run after changing favicon.svg: `python scripts/icons.py` (Debian's chromium, as for the browser tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.phone import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

SIZES = (32, 192, 512)  # the tab's icon; the installed app's (the manifest)


def main() -> None:
    drawing = (ROOT / "assets" / "favicon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = drawing.replace("<svg ", f'<svg width="{size}" height="{size}" style="display:block" ', 1)
            page.set_content(f'<body style="margin:0;background:transparent">{sized}</body>')
            target = ROOT / "assets" / f"icon-{size}.png"
            page.screenshot(path=str(target), omit_background=True)
            page.close()
            print(target.relative_to(ROOT), target.stat().st_size, "bytes")
        browser.close()


if __name__ == "__main__":
    main()
