import json

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from guide_app.core.serving import serve_pages


def built_site(tmp_path):
    built = tmp_path / "client"
    for path, text in {
        "index.html": "accueil",
        "compte.html": "le compte",
        "compte/index.html": "le compte",
        "compte/equipe.html": "l'équipe",
        "compte/equipe/index.html": "l'équipe",
        "chapitres/index.html": "sans page sœur",
        "404.html": "coquille vide",
        "atelier/_/index.html": "squelette de l'atelier",
        "conseiller/ateliers/_/telecommande/index.html": "squelette de la télécommande",
    }.items():
        (built / path).parent.mkdir(parents=True, exist_ok=True)
        (built / path).write_text(text, encoding="utf-8")
    routes = tmp_path / "routes.json"
    routes.write_text(
        json.dumps(
            ["index", "atelier/[room_code]", "conseiller/ateliers/[workshop_id]/telecommande", "debiteur/[token]"]
        )
    )
    static = Starlette(routes=[Mount("/", app=StaticFiles(directory=built, html=True))])
    return TestClient(serve_pages(built, routes)(static))


def test_a_link_with_an_id_gets_its_routes_skeleton(tmp_path):
    client = built_site(tmp_path)
    for path in ("/atelier/273343", "/atelier/273343/"):
        answer = client.get(path)
        assert (answer.status_code, answer.text) == (200, "squelette de l'atelier")
    assert client.get("/conseiller/ateliers/12/telecommande").text == "squelette de la télécommande"
    assert client.head("/atelier/273343").status_code == 200


def test_other_paths_and_routes_without_a_built_skeleton_are_served_as_before(tmp_path):
    client = built_site(tmp_path)
    assert client.get("/").text == "accueil"
    assert client.get("/atelier/1/2").text == "coquille vide"  # not the route: the fallback, as before
    assert client.get("/debiteur/abc").text == "coquille vide"  # a route whose skeleton was not built
    assert client.post("/atelier/273343").status_code != 200  # only pages are read: no other method is rewritten


def test_a_page_link_without_the_slash_is_answered_without_a_redirect(tmp_path):
    client = built_site(tmp_path)
    for path, text in (("/compte", "le compte"), ("/compte/equipe", "l'équipe"), ("/compte/", "le compte")):
        answer = client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.text) == (200, text), path
    assert client.get("/compte?onglet=1", follow_redirects=False).text == "le compte"
    # a folder without its `.html` twin keeps Starlette's answer (the build writes both for each page)
    assert client.get("/chapitres", follow_redirects=False).status_code == 307
