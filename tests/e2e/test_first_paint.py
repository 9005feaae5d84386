"""The first paint comes from the HTML a phone receives, before any script: a page read with JavaScript switched
off shows its text, and a link with an id (a workshop's QR code, a debtor's e-mailed link) its page's skeleton."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from guide_app.core import APP_NAME, routes
from guide_app.core.content import chapters
from tests.e2e.app_server import Server
from tests.e2e.phone import PHONE, shoot


def test_pages_show_their_text_before_any_script_runs(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False, base_url=server.url)
    tab = context.new_page()
    tab.goto(routes.HOME)
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Faites-vous payer")
    expect(tab.get_by_role("link", name="Faire mon auto-diagnostic")).to_be_visible()
    first = chapters()[0]
    tab.goto(routes.chapter(first.slug))
    expect(tab.get_by_role("heading", name=first.title, level=1)).to_be_visible()

    # a path with an id: its route's skeleton (title, header, layout), not the empty shell every route shared
    tab.goto(routes.workshop_room("273343"))
    assert tab.title().startswith("Atelier")
    expect(tab.get_by_role("heading", name="Atelier", level=1)).to_be_visible()
    expect(tab.get_by_text("Un pseudo suffit pour entrer")).to_be_visible()  # what the page is for, read at once
    expect(tab.get_by_role("link", name="Mon espace")).to_be_visible()
    tab.goto(routes.debtor_page("un-lien-envoye-par-e-mail"))
    assert tab.title() == f"Vos factures · {APP_NAME}"
    expect(tab.get_by_role("heading", name="Vos factures", level=1)).to_be_visible()
    expect(tab.get_by_text("Cette page personnelle réunit ce qu'il reste à régler")).to_be_visible()
    expect(tab.get_by_role("status")).to_have_text("Chargement…")
    tab.goto(routes.diagnostic_share("un-resultat-partage"))
    expect(tab.get_by_role("heading", name="Résultat de l'auto-diagnostic", level=1)).to_be_visible()
    shoot(tab, "first-paint-debtor-skeleton")
    # the account: what it is for until the session is checked, never an empty account in « Mode test »
    tab.goto(routes.ACCOUNT)
    expect(tab.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
    expect(tab.get_by_text("Vos dossiers, vos relances et ce qu'il vous reste à encaisser")).to_be_visible()
    expect(tab.get_by_text("Mode test")).to_have_count(0)
    expect(tab.get_by_text("Bonjour")).to_have_count(0)
    context.close()


def test_a_signed_out_visitor_goes_from_the_account_to_the_sign_in_page(page: Page) -> None:
    page.goto(routes.ACCOUNT)
    expect(page).to_have_url(re.compile(r"/connexion\?suite=/compte$"))
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Mode test")).to_have_count(0)


def test_a_page_loads_its_scripts_after_it_has_painted(page: Page) -> None:
    html = page.request.get(routes.workshop_room("273343")).text()
    assert 'rel="modulepreload"' not in html  # asked for by the page once it has painted
    assert "first-contentful-paint" in html
    page.goto(routes.workshop_room("273343"))  # hydrates in place (the fixture waits for it), with no console error
    expect(page.get_by_role("heading", name="Aucun atelier ouvert avec ce code")).to_be_visible()


def _watched(browser: Browser, server: Server, watch: str, path: str) -> tuple[BrowserContext, Page]:
    """A new phone's tab at `path`, where the script `watch` ran before any of the page's own; returned hydrated
    (conftest's `goto`)."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", base_url=server.url, service_workers="block")
    context.add_init_script(watch)
    tab = context.new_page()
    tab.goto(path)
    return context, tab


def test_the_socket_opens_while_the_page_still_loads_its_scripts_and_is_the_one_the_page_uses(
    browser: Browser, server: Server
) -> None:
    """Reflex opens its socket early, before React hydrates, so that the page's data comes sooner; the page loaded
    one script per task once skipped that, and made the socket in React's first effects."""
    context, tab = _watched(
        browser,
        server,
        "const Native = window.WebSocket; window.sockets = [];"
        " window.WebSocket = function (...args) {"
        " window.sockets.push(window.__reactRouterDataRouter === undefined ? 'before React' : 'after React');"
        " return new Native(...args); };"
        " window.WebSocket.prototype = Native.prototype;",
        routes.simulator("penalites"),
    )
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    tab.wait_for_timeout(1000)  # time for a second socket, were the early one not claimed
    assert tab.evaluate("window.sockets") == ["before React"]
    context.close()


def test_a_page_reads_no_cookie_as_it_loads_and_talks_to_the_server(browser: Browser, server: Server) -> None:
    """Reading `document.cookie` is a synchronous call to the browser's network process (4-17 ms during a load):
    the app keeps no cookie, and Reflex's reads of them are gone (core/first_paint.py `cookies_read_when_used`)."""
    context, tab = _watched(
        browser,
        server,
        "window.cookieReads = 0; const jar = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');"
        " Object.defineProperty(Document.prototype, 'cookie', {configurable: true,"
        " get() { window.cookieReads += 1; return jar.get.call(this); }, set(value) { jar.set.call(this, value); }});",
        routes.diagnostic_share("un-lien-qui-n-existe-pas"),
    )
    # the server's answer to the page's load came back through the socket and the event loop
    expect(tab.get_by_role("heading", name="Aucun résultat à afficher", level=1)).to_be_visible()
    expect(tab.get_by_text("Ce lien de partage n'existe pas ou n'est plus valable.")).to_be_visible()
    assert tab.evaluate("window.cookieReads") == 0
    context.close()


def test_the_style_props_rules_are_in_the_head_from_the_start_and_emotion_takes_them_over_there(
    browser: Browser, server: Server
) -> None:
    """Emotion prerendered its rules as tags in the body, then moved each into the head twice as the page loaded, and
    each move made the browser recompute the style of the page's elements: the build writes them as one tag in the
    head, which emotion appends once where it already is."""
    context, tab = _watched(
        browser,
        server,
        "window.styleTags = []; new MutationObserver((records) => { for (const record of records) {"
        " for (const node of record.addedNodes) if (node.nodeName === 'STYLE')"
        " window.styleTags.push(`${record.target.nodeName} + ${node.dataset.emotion}`);"
        " for (const node of record.removedNodes) if (node.nodeName === 'STYLE')"
        " window.styleTags.push(`${record.target.nodeName} - ${node.dataset.emotion}`); }"
        " }).observe(document, {childList: true, subtree: true});",
        routes.simulator("tresorerie-dso"),
    )
    prerendered = tab.evaluate("document.head.querySelector('style[data-emotion^=\"css \"]').dataset.emotion")
    assert len(prerendered.split()) > 2  # "css" and the rules' ids (a full-width field, the HT/TTC switch, ...)
    # parsed into the head; emotion's cache takes it over by appending it to the head once (the browser moves it,
    # without a change of rules); no other move of a prerendered style
    assert tab.evaluate("window.styleTags").count(f"HEAD - {prerendered}") <= 1
    assert [move for move in tab.evaluate("window.styleTags") if prerendered not in move and " - " in move] == []
    assert not tab.evaluate("document.body.querySelector('style[data-emotion^=\"css \"]')")
    # its rules are in force, for elements of the page
    sheet = "document.head.querySelector('style[data-emotion^=\"css \"]').sheet"
    selectors = " ".join(tab.evaluate(f"[...{sheet}.cssRules].map((rule) => rule.selectorText)"))
    for name in prerendered.split()[1:]:
        assert f".css-{name}" in selectors and tab.locator(f".css-{name}").count(), name
    context.close()


def test_a_shared_link_is_answered_with_its_page_at_once(page: Page) -> None:
    """Links in e-mails, QR codes and bookmarks carry no trailing slash: the server answers them with the page
    itself, not with a redirect (one more round trip on a phone's network before anything paints)."""
    for path in (routes.chapter(chapters()[0].slug), routes.DIAGNOSTIC, routes.simulator("penalites"), routes.ACCOUNT):
        answer = page.request.get(path, max_redirects=0)
        assert answer.status == 200, (path, answer.status)
        assert "<h1" in answer.text(), path
    page.goto(routes.simulator("penalites"))  # hydrates in place at the address given (the fixture waits for it)
    expect(page).to_have_url(re.compile(re.escape(routes.simulator("penalites")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_stylesheet_carries_the_components_the_pages_render_and_no_other(page: Page) -> None:
    html = page.request.get(routes.HOME).text()
    sheet = re.search(r'href="(/assets/__reflex_global_styles-[^"]+\.css)"', html)
    assert sheet is not None, "the home page names its stylesheet"
    css = page.request.get(sheet[1]).text()
    for rendered in (".rt-Button", ".rt-CalloutRoot", ".rt-Card", ".rt-Badge"):
        assert rendered in css, rendered
    # the simulators' HT / TTC switch is native radio buttons (components/simulator.py `choice`)
    for never in (
        ".rt-SelectTrigger",
        ".rt-DropdownMenuContent",
        ".rt-TableRoot",
        ".rt-AvatarRoot",
        ".rt-SegmentedControlRoot",
    ):
        assert never not in css, never
