import json
import re
from pathlib import Path

import pytest
import reflex_base

from guide_app.core.first_paint import (
    EMOTION_CACHE_CODE,
    NEXT_TASK,
    SKELETON_PARAM,
    WAIT_FOR_FIRST_PAINT,
    UnexpectedBuild,
    connect_keeps_the_context,
    cookies_read_when_used,
    emotion_styles_in_head,
    evaluation_order,
    paint_first,
    registration_announced,
    route_pattern,
    skeleton_path,
    socket_warmed_once_registered,
    state_reads_in_transitions,
    static_imports,
    updates_in_transitions,
)
from guide_app.core.frontend import FirstPaintPlugin, prerender_skeletons

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


# What each chunk of PAGE imports (static_imports of the built files); esm-DL is shared by the root and the entry.
CHUNKS = {
    "/assets/manifest-d7.js": [],
    "/assets/root-lj.js": ["/assets/esm-DL.js", "/assets/react-Cq.js"],
    "/assets/_index-BT.js": ["/assets/root-lj.js", "/assets/card-x1.js"],
    "/assets/esm-DL.js": ["/assets/react-Cq.js"],
    "/assets/react-Cq.js": [],
    "/assets/card-x1.js": ["/assets/react-Cq.js"],
    "/assets/entry.client-D5.js": ["/assets/esm-DL.js", "/assets/react-dom-Zz.js"],
    "/assets/react-dom-Zz.js": ["/assets/react-Cq.js"],
}


def imports_of(href: str) -> list[str]:
    return CHUNKS[href]


def painted(html: str = PAGE) -> str:
    return paint_first(html, imports_of)


def module_body(html: str) -> str:
    found = re.search(r'<script type="module" async="">(.*?)</script>', html, re.S)
    assert found
    return found[1]


def test_the_page_keeps_its_text_and_stylesheet_and_loses_its_early_script_hints():
    html = painted()
    assert "<h1>Faites-vous payer à l'heure</h1>" in html
    assert 'rel="stylesheet"' in html and 'rel="preload"' in html  # the one thing a first paint waits for
    assert 'rel="modulepreload"' not in html


def test_the_scripts_wait_for_the_first_paint_then_load_the_same_modules():
    body = module_body(painted())
    assert body.startswith(WAIT_FOR_FIRST_PAINT)
    assert "first-contentful-paint" in body
    assert not re.search(r"^\s*import [\"*]", body, re.M), "a static import runs before the first paint"
    # the hints come back after the paint, every one of them, in their order
    hints = re.search(r"for \(const href of (\[[^\]]*\])\) \{ document\.body\.append\(", body)
    assert hints and json.loads(hints[1]) == [
        "/assets/manifest-d7.js",
        "/assets/entry.client-D5.js",
        "/assets/root-lj.js",
        "/assets/esm-DL.js",
        "/assets/_index-BT.js",
    ]
    # one hint per task: each starts a fetch, which takes the page's thread a while; in the body, so that nothing
    # comes after the emotion styles in the head (emotion_styles_in_head)
    hint = 'document.body.append(Object.assign(document.createElement("link"), {rel: "modulepreload", href}));'
    assert f"for (const href of {hints[1]}) {{ {hint} {NEXT_TASK} }}" in body
    # the route modules are bound to the same names before React Router reads them, the entry imported last
    loads = body.index(
        'const [, route0, route1] = await Promise.all([import("/assets/manifest-d7.js"), '
        'import("/assets/root-lj.js"), import("/assets/_index-BT.js")]);'
    )
    modules = body.index('window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};')
    entry = body.index('import("/assets/entry.client-D5.js");')
    assert loads < modules < entry


def test_the_chunks_run_one_task_each_in_the_order_the_module_graph_would_run_them():
    body = module_body(painted())
    one_by_one = re.search(r"for \(const href of (\[[^\]]*\])\) \{ await import\(href\); ", body)
    assert one_by_one, "the chunks are not imported one at a time"
    assert f"for (const href of {one_by_one[1]}) {{ await import(href); {NEXT_TASK} }}" in body  # a task each
    # each chunk after what it imports; the route modules' chunks first, then what the entry needs but itself,
    # which starts React's hydration when it runs (after the route modules are bound, as before)
    assert json.loads(one_by_one[1]) == [
        "/assets/manifest-d7.js",
        "/assets/react-Cq.js",
        "/assets/esm-DL.js",
        "/assets/root-lj.js",
        "/assets/card-x1.js",
        "/assets/_index-BT.js",
        "/assets/react-dom-Zz.js",
    ]
    assert body.index(one_by_one[0]) < body.index("const [, route0, route1] = await Promise.all(")


def test_a_chunk_graph_with_a_cycle_is_ordered_once_per_chunk():
    cycle = {"/a.js": ["/b.js"], "/b.js": ["/a.js", "/c.js"], "/c.js": []}
    assert evaluation_order(["/a.js", "/c.js"], cycle.__getitem__) == ["/c.js", "/b.js", "/a.js"]


def test_a_built_chunks_static_imports_are_read_from_its_head_only():
    chunk = (
        'import{A as useParams,B as mergeRefs$1}from"./errorBoundaries-Da.js";import"./side-effect-Q1.js";'
        'import * as ns from "./dist-GC.js";var b=1;const later=()=>import("./lazy-chart-XY.js");'
        "const text='import{x}from\"./not-an-import.js\";';"
    )
    assert static_imports("/assets/root-lj.js", chunk) == [
        "/assets/errorBoundaries-Da.js",
        "/assets/side-effect-Q1.js",
        "/assets/dist-GC.js",
    ]


def test_a_hidden_tab_or_a_browser_without_paint_timing_does_not_wait():
    assert 'document.visibilityState === "hidden"' in WAIT_FOR_FIRST_PAINT
    assert 'supportedEntryTypes || []).includes("paint")' in WAIT_FOR_FIRST_PAINT
    assert "setTimeout(go, 3000)" in WAIT_FOR_FIRST_PAINT


def test_rewriting_twice_changes_nothing_and_a_page_react_router_did_not_write_is_left_alone():
    once = painted()
    assert painted(once) == once
    offline = '<!DOCTYPE html><html lang="fr"><body><h1>Hors ligne</h1><script src="/x.js"></script></body></html>'
    assert painted(offline) == offline


@pytest.mark.parametrize(
    "html",
    [
        PAGE.replace('<script type="module" async="">', "<script>"),  # no module script
        PAGE.replace("</body>", '<script type="module" async="">import "/a.js";</script></body>'),  # two
        re.sub(r"import (\* as \w+ from )?\"[^\"]+\";", "", PAGE),  # imports nothing
        PAGE.replace('import("/assets/entry.client-D5.js");', ""),  # no entry
    ],
)
def test_a_build_of_another_shape_fails_loudly(html):
    with pytest.raises(UnexpectedBuild):
        painted(html)


# What emotion prerenders for the components' style props: a tag before each component that has some, in the body.
RULES = (".css-1macts:hover{color:var(--accent-8);}", ".css-8atqhb{width:100%;}", ".css-17xejub{flex:1;}")
STYLED = PAGE.replace(
    "<body><main><h1>",
    f'<body><style data-emotion="css 1macts">{RULES[0]}</style><main class="css-1macts">'
    f'<style data-emotion="css 8atqhb 17xejub">{RULES[1]}{RULES[2]}</style>'
    '<style data-emotion="css-global 0">body{margin:0}</style><h1>',
)


def test_the_emotion_styles_are_one_tag_at_the_end_of_the_head_marked_as_emotion_marks_those_it_moved():
    html = emotion_styles_in_head(STYLED)
    head, body = html.split("</head>")
    # the same rules in their order, after the app's stylesheet (earlier in the head), as they were in the body
    assert head.endswith('<style data-emotion="css 1macts 8atqhb 17xejub" data-s="">' + "".join(RULES) + "</style>")
    assert head.index('rel="stylesheet"') < head.index("<style")
    assert '<style data-emotion="css ' not in body
    assert '<main class="css-1macts">' in body and "<h1>Faites-vous payer" in body
    assert '<style data-emotion="css-global 0">body{margin:0}</style>' in body  # a Global's tag: emotion's own way
    assert emotion_styles_in_head(html) == html  # a second build finds it done
    assert emotion_styles_in_head(PAGE) == PAGE  # a page without style props


@pytest.mark.parametrize("emotion_leaves_marked_tags", [True, False])
def test_the_build_rewrites_the_pages_only_with_an_emotion_that_leaves_marked_tags_where_they_are(
    tmp_path, emotion_leaves_marked_tags
):
    (tmp_path / "assets").mkdir()
    for href in CHUNKS:
        (tmp_path / href.lstrip("/")).write_text("")
    cache_code = " ".join(EMOTION_CACHE_CODE) if emotion_leaves_marked_tags else 'style[data-emotion^="'
    (tmp_path / "assets" / "react-Cq.js").write_text(f"var createCache = () => [`{cache_code}`];")
    (tmp_path / "index.html").write_text(STYLED)
    if not emotion_leaves_marked_tags:  # an emotion that moves every tag: fail rather than ship pages it would move
        with pytest.raises(UnexpectedBuild):
            FirstPaintPlugin().post_build(static_dir=tmp_path)
        return
    FirstPaintPlugin().post_build(static_dir=tmp_path)
    head, body = (tmp_path / "index.html").read_text().split("</head>")
    assert head.endswith('<style data-emotion="css 1macts 8atqhb 17xejub" data-s="">' + "".join(RULES) + "</style>")
    assert '<style data-emotion="css ' not in body and WAIT_FOR_FIRST_PAINT in body  # and the scripts wait


@pytest.mark.parametrize(
    "html",
    [
        STYLED.replace('<style data-emotion="css 1macts">', '<style data-emotion="css 1macts" nonce="x">'),
        STYLED.replace(RULES[1], '.css-8atqhb{content:"<";}'),
        STYLED.replace("</head>", "</head></head>"),
        emotion_styles_in_head(STYLED).replace("<main", '<style data-emotion="css 9z">.css-9z{}</style><main'),
    ],
)
def test_emotion_styles_of_another_shape_fail_the_build(html):
    with pytest.raises(UnexpectedBuild):
        emotion_styles_in_head(html)


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


# The lines of Reflex 0.10's utils/state.js that apply a server update (abridged around them).
STATE_JS = """import io from "socket.io-client";
import { useCallback, useEffect, useRef, useState } from "react";
export const connect = async (socket, dispatch) => {
  socket.current.on("event", (update) => {
    const delta = withoutUnknownSubstates(update.delta);
    try {
      if (delta) {
        for (const substate in delta) {
          dispatch[substate](delta[substate]);
        }
        applyClientStorageDelta(client_storage, delta);
      }
    } catch (error) {}
  });
};
"""


def test_the_servers_updates_are_rendered_as_a_transition_and_nothing_else_changes():
    patched = updates_in_transitions(STATE_JS)
    assert 'import { startTransition, useCallback, useEffect, useRef, useState } from "react";' in patched
    assert (
        "      if (delta) {\n"
        "        startTransition(() => {\n"
        "          for (const substate in delta) dispatch[substate](delta[substate]);\n"
        "        });\n"
        "        applyClientStorageDelta(client_storage, delta);"
    ) in patched
    # everything else is as it was, and the file (patched in place) is patched once
    removed = {line.strip() for line in STATE_JS.splitlines()} - {line.strip() for line in patched.splitlines()}
    assert removed == {
        'import { useCallback, useEffect, useRef, useState } from "react";',
        "for (const substate in delta) {",
        "dispatch[substate](delta[substate]);",
    }
    assert updates_in_transitions(patched) == patched


@pytest.mark.parametrize(
    "state_js",
    [
        STATE_JS.replace("dispatch[substate](delta[substate]);", "dispatch[substate](delta[substate], true);"),
        STATE_JS.replace(
            'import { useCallback, useEffect, useRef, useState } from "react";', 'import * as React from "react";'
        ),
        STATE_JS + "for (const substate in delta) {\n  dispatch[substate](delta[substate]);\n}\n",  # twice
    ],
)
def test_a_reflex_that_applies_its_updates_otherwise_fails_the_build(state_js):
    with pytest.raises(UnexpectedBuild):
        updates_in_transitions(state_js)


# Reflex's own file, as the build copies it into .web/utils/.
TEMPLATES = Path(reflex_base.__file__).parent / ".templates"
REGISTRY_JS = (TEMPLATES / "web/utils/context-registry.js").read_text(encoding="utf-8")


def test_a_component_reads_its_substate_from_react_state_set_by_the_stores_listener():
    patched = state_reads_in_transitions(REGISTRY_JS)
    assert "useSyncExternalStore" not in patched
    assert 'import { createContext, useContext, useEffect, useState } from "react";' in patched
    reader = patched[patched.index("export function useStateContext(name) {") :]
    reader = reader[: reader.index("\n}\n") + 3]
    # the first render reads the store (or the compiled initial state); the listener sets the component's state
    assert "const read = () => store.getSnapshot(name) ?? app.initialState?.[name];" in reader
    assert "const [value, setValue] = useState(read);" in reader
    assert "return store.subscribe(name, update);" in reader
    # and an update that arrived before the component subscribed is not missed
    assert reader.index("update();") < reader.index("store.subscribe(name, update)")
    # the contexts and the other exports are as they were, and the file (patched in place) is patched once
    for kept in ("export const StateStoreContext = createContext(null);", "export const app = {};", "registerApp"):
        assert kept in patched
    assert state_reads_in_transitions(patched) == patched


@pytest.mark.parametrize(
    "registry_js",
    [
        REGISTRY_JS.replace("useSyncExternalStore(subscribe, getSnapshot, getSnapshot)", "useSyncExternalStore(s, g)"),
        REGISTRY_JS.replace("export function useStateContext(name)", "export function useStateContext(name, x)"),
        REGISTRY_JS + "\nexport const useOther = () => useMemo(() => 1, []);\n",  # a hook the patch drops
    ],
)
def test_a_reflex_that_reads_its_state_otherwise_fails_the_build(registry_js):
    with pytest.raises(UnexpectedBuild):
        state_reads_in_transitions(registry_js)


REFLEX_STATE_JS = (TEMPLATES / "web/utils/state.js").read_text(encoding="utf-8")


def test_the_registry_says_when_the_app_is_registered():
    patched = registration_announced(state_reads_in_transitions(REGISTRY_JS))
    assert "export const appRegistered = new Promise(" in patched
    register = patched[patched.index("export function registerApp(values) {") :]
    register = register[: register.index("\n}\n") + 3]
    # the values are there before the promise settles, so what waits for it reads them
    assert register.index("Object.assign(app, values);") < register.index("appRegistration();")
    assert registration_announced(patched) == patched


def test_the_socket_warms_up_once_the_app_is_registered_not_in_the_microtask_after_state_js_ran():
    patched = socket_warmed_once_registered(updates_in_transitions(REFLEX_STATE_JS))
    assert 'import { app, appRegistered, eventLoop } from "$/utils/context-registry";' in patched
    warm_up = patched[patched.index("appRegistered.then(() => {") :]
    # the same warm-up as Reflex's: its conditions (it reads the registered app), then the transport opens
    assert warm_up.index("Object.keys(app.initialState ?? {}).length <= 1") < warm_up.index("warmSocket.io.open(")
    assert "queueMicrotask(() => {\n    if (\n      socketStarted" not in patched
    removed = {line.strip() for line in REFLEX_STATE_JS.splitlines()} - {line.strip() for line in patched.splitlines()}
    assert {'import { app, eventLoop } from "$/utils/context-registry";', "queueMicrotask(() => {"} <= removed
    assert socket_warmed_once_registered(patched) == patched


def test_a_connect_replaces_the_connection_errors_only_when_there_are_some():
    patched = connect_keeps_the_context(REFLEX_STATE_JS)
    connect = patched[patched.index('socket.current.on("connect"') :]
    connect = connect[: connect.index("});")]
    assert "setConnectErrors((errors) => (errors.length ? [] : errors));" in connect
    assert "setConnectErrors([])" not in patched
    removed = {line.strip() for line in REFLEX_STATE_JS.splitlines()} - {line.strip() for line in patched.splitlines()}
    assert removed == {"setConnectErrors([]);"}
    assert connect_keeps_the_context(patched) == patched


def test_a_load_reads_no_cookie_the_jar_is_built_at_its_first_use():
    patched = cookies_read_when_used(connect_keeps_the_context(REFLEX_STATE_JS))
    assert "document.cookie" not in patched
    assert "export const isBackendDisabled = () => false;" in patched
    # `Cookies` (which reads them all) is built only inside the jar's methods, the first time one is called
    assert [line.strip() for line in patched.splitlines() if "new Cookies()" in line] == [
        f"{method}: (...args) => (cookieJar ??= new Cookies()).{method}(...args),"
        for method in ("get", "set", "remove")
    ]
    # Reflex's uses of its jar are unchanged (cookie vars read at hydration, written on change, removed by an event)
    for use in ("cookies.get(cookie_name,", "cookies.set(cookie_name, value, cookie_options);", "cookies.remove("):
        assert patched.count(use) == REFLEX_STATE_JS.count(use) == 1, use
    removed = {line.strip() for line in REFLEX_STATE_JS.splitlines()} - {line.strip() for line in patched.splitlines()}
    assert "const cookies = new Cookies();" in removed and "const cookie = document.cookie" in removed
    assert cookies_read_when_used(patched) == patched


@pytest.mark.parametrize(
    ("patch", "source"),
    [
        (registration_announced, REGISTRY_JS.replace("Object.assign(app, values);", "Object.assign(app, values, {});")),
        (
            socket_warmed_once_registered,
            REFLEX_STATE_JS.replace("queueMicrotask(() => {\n    if (", "setTimeout(() => {\n    if ("),
        ),
        (socket_warmed_once_registered, REFLEX_STATE_JS.replace("import { app, eventLoop }", "import { app }")),
        (connect_keeps_the_context, REFLEX_STATE_JS.replace("setConnectErrors([]);", "setConnectErrors(() => []);")),
        (connect_keeps_the_context, REFLEX_STATE_JS + "\n    setConnectErrors([]);\n"),  # twice
        (cookies_read_when_used, REFLEX_STATE_JS.replace("const cookies = new Cookies();", "const cookies = jar();")),
        (cookies_read_when_used, REFLEX_STATE_JS.replace("cookies.remove(", "cookies.getAll(); cookies.remove(")),
        (cookies_read_when_used, REFLEX_STATE_JS + "\nconst all = document.cookie;\n"),  # another read
    ],
)
def test_a_reflex_that_registers_or_warms_up_otherwise_fails_the_build(patch, source):
    with pytest.raises(UnexpectedBuild):
        patch(source)
