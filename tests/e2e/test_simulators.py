"""A phone user with the simulators: from the index to each one, editing, mistyping, sharing a link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from guide_app.core import routes
from tests.e2e.app_server import Server
from tests.e2e.phone import PHONE, assert_fits_phone, shoot

NBSP, NNBSP = "\u00a0", "\u202f"
EXAMPLE_LINKS = {
    "marge-perdue": (f"{routes.SIMULATOR_MARGIN}?montant=10000&marge=15&base=ht&tva=20", f"66{NNBSP}666,67{NBSP}€"),
    "tresorerie-dso": (
        f"{routes.SIMULATOR_DSO}?ca=100000000&dso=74&objectif=59&base=ht&tva=20&taux=4",
        f"4{NNBSP}931{NNBSP}507{NBSP}€",
    ),
    "penalites": (
        f"{routes.SIMULATOR_PENALTIES}?montant=1200&echeance=2025-03-31&paiement=2025-09-30",
        f"1{NNBSP}316,09{NBSP}€",
    ),
    "cout-recouvrement": (
        f"{routes.SIMULATOR_COSTS}?heures=10&salaire=36000",
        f"4{NNBSP}318{NBSP}€ par an",
    ),
    # A consumer's invoice due 15/03/2024: 2 years from the partial payment of 01/06/2025
    "prescription": (
        f"{routes.SIMULATOR_PRESCRIPTION}?echeance=2024-03-15&debiteur=particulier&reconnaissance=2025-06-01",
        "01/06/2027",
    ),
}


@dataclass(frozen=True)
class Edit:
    slug: str
    card: str  # the index card's title
    heading: str
    edits: tuple[tuple[str, str], ...]  # (URL parameter = input id suffix, value typed)
    headline: str  # after the edits
    chart_text: str = ""  # a label the chart shows after the edits ("" when the simulator has no chart)


EDITS = [
    Edit("marge-perdue", "Marge perdue", "Marge perdue", (("montant", "20 000"),), f"133{NNBSP}333,33{NBSP}€"),
    Edit(
        "tresorerie-dso",
        "Trésorerie libérée",
        "Trésorerie libérée",
        (("objectif", "30"),),  # 1 M€ HT = 1,2 M€ TTC, DSO 60 → 30
        f"98{NNBSP}630{NBSP}€",
        chart_text=f"30 j : 98,63{NBSP}k€",
    ),
    Edit(
        "penalites",
        "Pénalités de retard",
        "Pénalités de retard",
        (("echeance", "2025-03-31"), ("paiement", "2025-09-30")),
        f"1{NNBSP}316,09{NBSP}€",
    ),
    Edit(
        "cout-recouvrement",
        "Coût du recouvrement",
        "Coût du recouvrement",
        (("heures", "5"),),  # 5 h × 31,81 € × 52 = 8 271 €; software 1 654 € + 1 200 €
        f"2{NNBSP}854{NBSP}€ par an",
        chart_text=f"8{NNBSP}271{NBSP}€",
    ),
]


def _headline(page: Page):
    return page.locator(".sim-headline .headline-value")


def _query(page: Page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))


def _chart_texts(page: Page) -> list[str]:
    return [t or "" for t in page.locator(".sim-chart svg text").all_text_contents()]


def test_the_home_page_leads_to_the_simulators(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Ouvrir les simulateurs").click()
    expect(page).to_have_url(re.compile(r"/simulateurs/?$"))
    expect(page.get_by_role("heading", name="Simulateurs", level=1)).to_be_visible()
    for edit in EDITS:
        expect(page.get_by_role("link", name=re.compile(f"^{edit.card} :"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Ma créance est-elle prescrite \\? :"))).to_be_visible()
    expect(page.get_by_text("Bientôt")).to_have_count(0)
    assert_fits_phone(page)
    shoot(page, "simulators-index")


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.slug)
def test_open_a_simulator_change_an_input_and_see_the_result_follow(page: Page, edit: Edit) -> None:
    page.goto(routes.SIMULATORS)
    page.get_by_role("link", name=re.compile(f"^{edit.card} :")).click()
    expect(page.get_by_role("heading", name=edit.heading, level=1)).to_be_visible()
    expect(_headline(page)).to_be_visible()
    before = _headline(page).inner_text()
    if edit.chart_text:
        expect(page.locator(".sim-chart svg").first).to_be_visible()
    shoot(page, f"simulator-{edit.slug}-defaults")

    for name, value in edit.edits:
        page.locator(f"#champ-{name}").fill(value)
    expect(_headline(page)).to_have_text(edit.headline)
    assert edit.headline != before
    for name, value in edit.edits:
        expect(page).to_have_url(re.compile(f"[?&]{name}={re.escape(value.replace(' ', ''))}(&|$)"))
    if edit.chart_text:
        expect(page.locator(".sim-chart svg text", has_text=edit.chart_text).first).to_be_visible()
    assert_fits_phone(page)
    shoot(page, f"simulator-{edit.slug}-edited")

    # The address bar was kept in step: a reload (or a reconnect) gives the same result.
    page.reload()
    expect(_headline(page)).to_have_text(edit.headline)


def test_a_bad_value_shows_a_french_error_by_its_field_and_no_result(page: Page) -> None:
    page.goto(f"{routes.SIMULATOR_MARGIN}?montant=10000&marge=15")
    expect(_headline(page)).to_be_visible()
    page.locator("#champ-marge").fill("150")
    expect(page.locator("#champ-marge-erreur")).to_have_text("La marge nette ne peut pas dépasser 100 %.")
    expect(page.locator("#champ-marge")).to_have_attribute("aria-invalid", "true")
    expect(_headline(page)).to_have_count(0)
    expect(page.get_by_text("Corrigez le champ signalé en rouge")).to_be_visible()
    page.locator("#champ-montant").fill("douze")
    expect(page.locator("#champ-montant-erreur")).to_contain_text("Le montant impayé doit être un nombre")
    assert_fits_phone(page)
    shoot(page, "simulator-margin-errors")

    page.goto(routes.SIMULATOR_DSO)
    expect(page.locator(".sim-chart svg").first).to_be_visible()
    page.locator("#champ-objectif").fill("90")
    expect(page.locator("#champ-objectif-erreur")).to_contain_text("inférieur au DSO actuel (60 jours)")
    expect(page.locator(".sim-chart")).to_have_count(0)
    expect(_headline(page)).to_have_count(0)

    page.goto(f"{routes.SIMULATOR_PENALTIES}?montant=1200&echeance=2025-03-31&paiement=2025-01-01")
    expect(page.locator("#champ-paiement-erreur")).to_contain_text("précède l'échéance")
    expect(_headline(page)).to_have_count(0)


@pytest.mark.parametrize("name", list(EXAMPLE_LINKS))
def test_the_example_links_of_the_issue(page: Page, name: str) -> None:
    link, headline = EXAMPLE_LINKS[name]
    page.goto(link)
    expect(_headline(page)).to_have_text(headline)
    if name in ("tresorerie-dso", "cout-recouvrement"):
        expect(page.locator(".sim-chart svg text").first).to_be_visible()
    assert_fits_phone(page)
    shoot(page, f"link-{name}")


@pytest.fixture
def fresh_phone(browser: Browser, server: Server) -> Iterator[Page]:
    """A second phone (nothing shared with the first): what the person who receives a link uses."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not errors, errors


def test_a_copied_link_gives_the_same_result_on_another_phone(page: Page, fresh_phone: Page) -> None:
    page.goto(routes.SIMULATOR_DSO)
    page.locator("#champ-ca").fill("2 500 000")
    base = page.get_by_role("radiogroup", name="Ce chiffre d'affaires est")
    expect(base.get_by_role("radio", name="HT")).to_be_checked()
    base.get_by_role("radio", name="TTC").click()
    expect(base.get_by_role("radio", name="TTC")).to_be_checked()
    page.locator("#champ-baisse").fill("12")
    expect(page).to_have_url(re.compile(r"baisse=12"))
    expect(page.locator("#champ-objectif")).to_have_value("48")
    headline = _headline(page).inner_text()
    lines = page.locator(".result-line").all_inner_texts()
    assert _query(page)["base"] == "ttc" and _query(page)["ca"] == "2500000"

    fresh_phone.goto(page.url)
    expect(_headline(fresh_phone)).to_have_text(headline)
    assert fresh_phone.locator(".result-line").all_inner_texts() == lines
    expect(fresh_phone.locator("#champ-ca")).to_have_value("2 500 000")
    expect(fresh_phone.locator("#champ-objectif")).to_have_value("48")


def test_the_share_button_copies_the_link(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=PHONE, locale="fr-FR", base_url=server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.add_init_script("delete Navigator.prototype.share")  # the desktop path: no share sheet, the clipboard
    tab.goto(f"{routes.SIMULATOR_COSTS}?heures=7&salaire=30000")
    expect(_headline(tab)).to_be_visible()
    tab.get_by_role("button", name="Partager ce calcul").click()
    expect(tab.get_by_text("Lien copié")).to_be_visible()
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert urlsplit(copied).path.rstrip("/") == routes.SIMULATOR_COSTS
    assert dict(parse_qsl(urlsplit(copied).query))["heures"] == "7"
    context.close()
    assert not errors, errors


def test_the_guide_example_and_the_dso_calculator(page: Page) -> None:
    page.goto(routes.SIMULATOR_DSO)
    page.get_by_role("button", name=re.compile("Charger l'exemple du guide")).click()
    expect(_headline(page)).to_have_text(f"4{NNBSP}931{NNBSP}507{NBSP}€")
    expect(page.get_by_role("heading", name=re.compile("L'exemple du guide"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"15 × 328\s767\s€ = 4,93\sM€"))).to_be_visible()
    assert _query(page)["ca"] == "100000000"
    assert_fits_phone(page)
    shoot(page, "simulator-dso-guide-example")

    page.get_by_text("Je ne connais pas mon DSO").click()
    page.locator("#champ-aide-creances").fill("30 000")
    page.locator("#champ-aide-ventes").fill("120 000")
    expect(page.get_by_text(re.compile("^DSO ≈ 91 jours"))).to_be_visible()
    shoot(page, "simulator-dso-calculator")
    page.get_by_role("button", name="Utiliser ce DSO").click()
    expect(page.locator("#champ-dso")).to_have_value("91")
    expect(page.locator("#champ-baisse")).to_have_value("32")  # the target (59) is kept
    expect(page).to_have_url(re.compile(r"dso=91"))


def test_a_chart_is_a_picture_from_the_server_with_no_charting_script(page: Page) -> None:
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(f"{routes.SIMULATOR_DSO}?ca=abc")
    expect(page.locator("#champ-ca-erreur")).to_be_visible()
    expect(page.locator(".sim-chart")).to_have_count(0)
    page.locator("#champ-ca").fill("1000000")
    chart = page.get_by_role("img").filter(has=page.locator("svg"))
    expect(chart.get_by_text("Jours de délai en moins")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not [url for url in scripts if "plotly" in url.lower()], scripts
