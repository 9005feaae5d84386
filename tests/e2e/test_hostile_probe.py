"""The hostile probe's findings that live in HTTP and the browser (issue "Hold under attack and failure"): the
production build, as an attacker's script and a French user's phone meet it. The others: tests/integration."""

from __future__ import annotations

import http.client
import json
import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from guide_app.desk.import_state import ImportState
from tests.e2e.app_server import Server
from tests.e2e.journeys import sign_up

EVIL = "https://site-malveillant.example"
IMPORT_HANDLER = f"{ImportState.get_full_name()}.upload"
CSV = {"name": "factures.csv", "mimeType": "text/csv", "buffer": b"client;facture\r\nMartin;F-1\r\n"}


def _upload(page: Page, server: Server, *, origin: str, handler: str = IMPORT_HANDLER, token: str = "x", body=None):
    return page.request.post(
        f"{server.url}/_upload",
        headers={"origin": origin, "reflex-client-token": token, "reflex-event-handler": handler},
        multipart={"files": body or CSV},
    )


def _announce_20_mb(server: Server) -> tuple[int, dict[str, str], str]:
    """A request that says it carries 20 MB and sends none of them: the answer cannot come from reading them."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/_upload")
    for name, value in (
        ("origin", server.url),
        ("reflex-client-token", "x"),
        ("reflex-event-handler", IMPORT_HANDLER),
        ("content-type", "multipart/form-data; boundary=x"),
        ("content-length", str(20 * 1024 * 1024)),
    ):
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    headers = {name.lower(): value for name, value in response.getheaders()}
    detail = json.loads(response.read())["detail"]
    connection.close()
    return response.status, headers, detail


def test_finding_06_uploads_only_from_the_app_for_a_signed_in_owner_and_bounded(page: Page, server: Server) -> None:
    page.goto("/")
    anonymous = _upload(page, server, origin=server.url)
    assert anonymous.status == 401 and "Connectez-vous" in anonymous.json()["detail"]
    foreign = _upload(page, server, origin=EVIL)
    assert foreign.status == 403 and "depuis les pages de l'application" in foreign.json()["detail"]
    no_file_here = _upload(page, server, origin=server.url, handler=IMPORT_HANDLER.replace("upload", "load"))
    assert no_file_here.status == 400 and no_file_here.json()["detail"] == "Ce formulaire n'accepte pas de fichier."
    status, headers, detail = _announce_20_mb(server)  # answered from the headers, before a byte of the body
    assert status == 413 and "2 Mo" in detail
    assert "content-security-policy" in headers  # refusals carry the app's headers too

    sign_up(page, email="proprio@upload.fr", company="Atelier Upload")
    token = page.evaluate("() => window.sessionStorage.getItem('token')")
    owner = _upload(page, server, origin=server.url, token=token)
    assert owner.status == 200  # the gate lets the owner's browser through; the import page reports on the file


def test_finding_07_cors_answers_the_apps_origin_only(page: Page, server: Server) -> None:
    own = page.request.get(f"{server.url}/ping", headers={"origin": server.url})
    assert own.headers.get("access-control-allow-origin") == server.url
    foreign = page.request.get(f"{server.url}/ping", headers={"origin": EVIL})
    assert "access-control-allow-origin" not in foreign.headers
    preflight = page.request.fetch(
        f"{server.url}/_upload",
        method="OPTIONS",
        headers={"origin": EVIL, "access-control-request-method": "POST"},
    )
    assert preflight.headers.get("access-control-allow-origin") in (None, "")
    handshake = page.request.get(f"{server.url}/_event/?EIO=4&transport=polling", headers={"origin": EVIL})
    assert handshake.status == 400  # the websocket refuses another site's pages
    assert any("is not an accepted origin" in line for line in server.new_errors())  # and says so in its log


@pytest.mark.expected_console(r"violates the following Content Security Policy directive")
def test_finding_10_the_csp_runs_no_injected_script_and_no_eval(page: Page) -> None:
    response = page.goto("/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    assert re.search(r"'sha256-[A-Za-z0-9+/=]{44}'", script_src)  # the build's own inline scripts, by hash
    expect(page.get_by_role("link", name="Faire mon auto-diagnostic").first).to_be_visible()  # the app still runs
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = true';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.injected") is None
    page.evaluate("() => { setTimeout('window.evaluated = true', 0); }")  # a string run as code: eval's cousin
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.evaluated") is None


def test_finding_11_an_unexpected_error_is_told_in_french(page: Page, server: Server) -> None:
    def forge(socket: WebSocketRoute) -> None:
        """The sign-in event leaves with an argument its handler does not take: a TypeError on the server."""
        upstream = socket.connect_to_server()

        def to_server(message: str | bytes) -> None:
            if isinstance(message, str) and ".sign_in" in message:
                message = message.replace('"payload":{', '"payload":{"inattendu":1,', 1)
            upstream.send(message)

        socket.on_message(to_server)

    page.route_web_socket(re.compile(r"/_event"), forge)
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill("quelquun@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Une erreur inattendue est survenue.")).to_be_visible()
    expect(page.get_by_text("réessayez", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile("error occurred|Contact the website", re.IGNORECASE))).to_have_count(0)
    logged = server.new_errors()  # the traceback is for the operator, in the server's log
    assert any("TypeError" in line or "Traceback" in line for line in logged), logged
