import re

import pytest

from guide_app.core.first_paint import (
    SKELETON_PARAM,
    WAIT_FOR_FIRST_PAINT,
    UnexpectedBuild,
    paint_first,
    route_pattern,
    skeleton_path,
)
from guide_app.core.frontend import prerender_skeletons

# The shape React Router 7.x writes for a prerendered page (head hints, then <Scripts/> in the body).
PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charSet="utf-8"/>'
    '<link as="style" href="/assets/__reflex_global_styles-B8.css" rel="preload"/>'
    '<link rel="modulepreload" href="/assets/manifest-d7.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-D5.js"/>'
    '<link rel="modulepreload" href="/assets/root-lj.js"/>'
    '<link rel="modulepreload" href="/assets/esm-DL.js"/>'
    '<link rel="modulepreload" href="/assets/_index-BT.js"/>'
    '<link href="/assets/__reflex_global_styles-B8.css" rel="stylesheet" type="text/css"/></head>'
    "<body><main><h1>Faites-vous payer à l'heure</h1></main>"
    '<script>window.__reactRouterContext = {"basename":"/","ssr":false,"isSpaMode":false};</script>'
    '<script type="module" async="">import "/assets/manifest-d7.js";\n'
    'import * as route0 from "/assets/root-lj.js";\n'
    'import * as route1 from "/assets/_index-BT.js";\n  \n'
    '  window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};\n\n'
    'import("/assets/entry.client-D5.js");</script></body></html>'
)


def module_body(html: str) -> str:
    found = re.search(r'<script type="module" async="">(.*?)</script>', html, re.S)
    assert found
    return found[1]


def test_the_page_keeps_its_text_and_stylesheet_and_loses_its_early_script_hints():
    html = paint_first(PAGE)
    assert "<h1>Faites-vous payer à l'heure</h1>" in html
    assert 'rel="stylesheet"' in html and 'rel="preload"' in html  # the one thing a first paint waits for
    assert 'rel="modulepreload"' not in html


def test_the_scripts_wait_for_the_first_paint_then_load_the_same_modules():
    body = module_body(paint_first(PAGE))
    assert body.startswith(WAIT_FOR_FIRST_PAINT)
    assert "first-contentful-paint" in body
    assert not re.search(r"^\s*import [\"*]", body, re.M), "a static import runs before the first paint"
    # the hints come back after the paint, every one of them, in their order
    hints = re.search(r"for \(const href of (\[.*?\]\))", body)
    assert hints and hints[1] == (
        '["/assets/manifest-d7.js", "/assets/entry.client-D5.js", "/assets/root-lj.js", "/assets/esm-DL.js", '
        '"/assets/_index-BT.js"])'
    )
    # the route modules are bound to the same names before React Router reads them, the entry imported last
    loads = body.index(
        'const [, route0, route1] = await Promise.all([import("/assets/manifest-d7.js"), '
        'import("/assets/root-lj.js"), import("/assets/_index-BT.js")]);'
    )
    modules = body.index('window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};')
    entry = body.index('import("/assets/entry.client-D5.js");')
    assert loads < modules < entry


def test_a_hidden_tab_or_a_browser_without_paint_timing_does_not_wait():
    assert 'document.visibilityState === "hidden"' in WAIT_FOR_FIRST_PAINT
    assert 'supportedEntryTypes || []).includes("paint")' in WAIT_FOR_FIRST_PAINT
    assert "setTimeout(go, 3000)" in WAIT_FOR_FIRST_PAINT


def test_rewriting_twice_changes_nothing_and_a_page_react_router_did_not_write_is_left_alone():
    once = paint_first(PAGE)
    assert paint_first(once) == once
    offline = '<!DOCTYPE html><html lang="fr"><body><h1>Hors ligne</h1><script src="/x.js"></script></body></html>'
    assert paint_first(offline) == offline


@pytest.mark.parametrize(
    "html",
    [
        PAGE.replace('<script type="module" async="">', "<script>"),  # no module script
        PAGE.replace("</body>", '<script type="module" async="">import "/a.js";</script></body>'),  # two
        re.sub(r"import (\* as \w+ from )?\"[^\"]+\";", "", PAGE),  # imports nothing
    ],
)
def test_a_build_of_another_shape_fails_loudly(html):
    with pytest.raises(UnexpectedBuild):
        paint_first(html)


@pytest.mark.parametrize(
    ("route", "skeleton", "matches", "refuses"),
    [
        ("atelier/[room_code]", "/atelier/_", ["/atelier/273343", "/atelier/273343/"], ["/atelier", "/atelier/1/2"]),
        (
            "conseiller/ateliers/[workshop_id]/telecommande",
            "/conseiller/ateliers/_/telecommande",
            ["/conseiller/ateliers/12/telecommande"],
            ["/conseiller/ateliers/12", "/conseiller/ateliers/12/synthese"],
        ),
        ("debiteur/[token]", "/debiteur/_", ["/debiteur/GaYBXOy_kO-lKP5oi78MW5Z"], ["/debiteurs/x", "/xdebiteur/a"]),
    ],
)
def test_a_route_with_parameters_has_one_skeleton_for_all_its_links(route, skeleton, matches, refuses):
    assert skeleton_path(route) == skeleton
    assert route_pattern(route).match(skeleton)
    assert all(route_pattern(route).match(path) for path in matches)
    assert not any(route_pattern(route).match(path) for path in refuses)
    assert SKELETON_PARAM == "_"


def test_react_router_prerenders_the_skeletons_beside_the_static_pages():
    config = '{"basename": "/", "ssr": false, "prerender": true, "build": "build"}'
    told = prerender_skeletons(["/atelier/_", "/debiteur/_"], config)
    assert '"prerender": ({getStaticPaths}) => [...getStaticPaths(), "/atelier/_", "/debiteur/_"]' in told
    # a development build (no prerendering) and an app without such routes are left alone
    assert prerender_skeletons(["/atelier/_"], '{"ssr": false}') == '{"ssr": false}'
    assert prerender_skeletons([], config) == config
