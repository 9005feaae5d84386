"""What a phone user checks by eye: screenshots to look at, nothing wider than the screen, thumb-sized targets."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.app_server import Server

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}  # an advisor's laptop
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def wait_hydrated(page: Page) -> None:
    """Waits until the page just opened answers taps: its prerendered text paints before its JavaScript runs
    (guide_app/core/first_paint.py), and a tap on a button before hydration would do nothing. Pages the app's
    router did not write (the offline page, a file) are not waited for."""
    if page.evaluate("() => Boolean(window.__reactRouterContext)"):
        page.locator("html[data-hydrated]").wait_for(state="attached")


def shoot(page: Page, name: str) -> None:
    """Full-page screenshot into artifacts/ (ignored by git) for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_fits_phone(page: Page) -> None:
    """No horizontal scroll, and every visible button or link is at least 44 px tall."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow} px"
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, header a')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.innerText.trim().slice(0, 40), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )
    assert not small, f"tap targets under 44 px: {small}"
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('main p, main li, main span, main h1, main h2, main h3')]
            .filter(el => el.offsetParent !== null && el.innerText.trim())
            .map(el => [el.closest('[role=alert]') ? 'ALERT' : el.tagName,
                       parseFloat(getComputedStyle(el).fontSize), el.innerText.length])"""
    )
    assert min(size for _, size, _ in sizes) >= 12, "text under 12 px needs zoom on a phone"
    chars_by_size: dict[float, int] = {}
    for tag, size, length in sizes:
        if tag in ("P", "LI"):  # paragraphs and list items: the text one reads (field errors aside)
            chars_by_size[size] = chars_by_size.get(size, 0) + length
    if sum(chars_by_size.values()) < 200:
        return  # a page of labels and figures: no body text to judge
    body_size = max(chars_by_size, key=lambda size: chars_by_size[size])  # the size most of the text is set in
    assert body_size >= 15, f"the main text is {body_size} px: too small to read without zoom ({chars_by_size})"


class Contexts:
    """Extra browser contexts (the advisor's laptop, more phones), each watched for console errors."""

    def __init__(self, browser: Browser, server: Server) -> None:
        self.browser, self.server = browser, server
        self.opened: list[BrowserContext] = []
        self.errors: list[str] = []

    def tab(self, *, wide: bool = False) -> Page:
        options = {"viewport": WIDE} if wide else {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        context = self.browser.new_context(locale="fr-FR", base_url=self.server.url, **options)
        self.opened.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return tab
