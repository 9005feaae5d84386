"""What a phone on a slow link sees first: the page's prerendered text, painted before any JavaScript.

React Router prerenders every page's HTML, then its `<Scripts/>` asks for about 250 kB (brotli) of JavaScript
straight away: `<link rel="modulepreload">` for every chunk and an inline module that imports them, which runs
React's hydration as soon as they arrive. On a slow 4G link that JavaScript shares the line with the stylesheet,
and a fast one runs hydration before the first paint: either way the text waits for code it does not need.

`paint_first` rewrites each built page so that the browser paints the prerendered HTML first (the stylesheet is
the only thing it waits for), then fetches the chunks (the same modulepreload hints, added then, one task each)
and hydrates:
- it waits for the paint timing's `first-contentful-paint` entry, then one task;
- it does not wait in a hidden tab (nothing paints there), in a browser without paint timing, or after 3 s;
- it runs the chunks one task each, in the order the browser would run them (each chunk's imports first): run
  as one module graph they made one task of 160-235 ms with the CPU slowed 4× (Lighthouse's model of a phone),
  during which a tap waits; one chunk at a time, the longest is the entry's (React DOM) and the browser answers
  between them;
- the page is unchanged otherwise: same chunks, same order of evaluation, same globals.

`ENTRY_CLIENT` replaces React Router's entry: the same hydration, plus `data-hydrated` on `<html>` once React has
hydrated the page (a browser test waits for it before it taps; a person cannot tell).

`SKELETON_PARAM` is the value a path parameter takes in the skeleton prerendered for a route such as
`/atelier/[room_code]`: a link with a real code is served that page's skeleton (title, header, layout, the page's
loading state) and hydrates in place, instead of an empty shell."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable

MODULE_SCRIPT = re.compile(r'<script type="module" async="">(?P<body>.*?)</script>', re.S)
STATIC_IMPORT = re.compile(r'import (?:\* as (?P<name>\w+) from )?(?P<spec>"[^"]+");')
MODULE_PRELOAD = re.compile(r'<link rel="modulepreload" href="(?P<href>[^"]+)"/>')
ENTRY_IMPORT = re.compile(r'import\((?P<spec>"[^"]+")\);')
# A built chunk's static imports, which Rollup writes first: `import{a as b,c}from"./x.js";` or `import"./x.js";`.
CHUNK_IMPORT = re.compile(r'\s*import\s*(?:[\w${},\s*]*?from\s*)?"(?P<spec>[^"]+)";?')
REACT_ROUTER_PAGE = "window.__reactRouterContext"
FALLBACK_MS = 3000  # the longest a page waits for its first paint before it hydrates anyway

# A new task: a message to itself, which the browser runs at once (a timer set from a timer's task waits 4 ms from
# the fifth on, and the loops below take 15 to 20 turns).
NEXT_TASK = (
    "await new Promise((go) => { const { port1, port2 } = new MessageChannel();"
    " port1.onmessage = () => go(); port2.postMessage(null); });"
)
ONE_TASK_EACH = f"await import(href); {NEXT_TASK}"
# Each hint starts a fetch, 0.1 to 8 ms each on this machine's Chromium: 17 of them were one task of 7 to 26 ms.
# They go in the body (where a modulepreload link works as well), so the emotion styles stay the head's last child.
ONE_HINT_EACH = (
    f'document.body.append(Object.assign(document.createElement("link"), {{rel: "modulepreload", href}})); {NEXT_TASK}'
)

WAIT_FOR_FIRST_PAINT = (
    "await new Promise((go) => {"
    ' if (document.visibilityState === "hidden"'
    ' || !(window.PerformanceObserver && PerformanceObserver.supportedEntryTypes || []).includes("paint"))'
    " return go();"
    " new PerformanceObserver((list, seen) => {"
    ' if (list.getEntriesByName("first-contentful-paint").length) { seen.disconnect(); setTimeout(go); }'
    ' }).observe({type: "paint", buffered: true});'
    f" setTimeout(go, {FALLBACK_MS});"
    " });"
)

ENTRY_CLIENT = """\
import { createElement, startTransition, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";

// React Router's entry, plus a mark on <html> once the prerendered page is hydrated (its buttons answer).
function Hydrated({ children }) {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return children;
}

startTransition(() => {
  hydrateRoot(document, createElement(Hydrated, null, createElement(HydratedRouter)));
});
"""

# Reflex applies each server update as soon as it arrives, and React renders it in one go: a page's first load
# brings four (the router's data, the hydration flag twice, the page's state), each render a task of its own, which
# a tap waits for (the result page's state: one task of 43-49 ms on this machine, 4x that on Lighthouse's phone).
# Applied inside `startTransition`, React renders them in slices of about 5 ms and lets a tap through between them
# (and renders the tap first); the page ends in the same state. That takes two patches: the update is dispatched
# inside `startTransition` (`updates_in_transitions`), and a component reads its substate from its own React state,
# which the store's listener sets (`state_reads_in_transitions`): Reflex reads it with `useSyncExternalStore`, whose
# updates React always renders at once, even inside a transition.
STATE_REACT_IMPORT = 'import { useCallback, useEffect, useRef, useState } from "react";'
STATE_DISPATCH = re.compile(
    r"(?P<indent> *)for \(const substate in delta\) \{\n\s*dispatch\[substate\]\(delta\[substate\]\);\n\s*\}"
)

STATE_DISPATCH_IN_TRANSITION = "for (const substate in delta) dispatch[substate](delta[substate]);"


def updates_in_transitions(state_js: str) -> str:
    """Reflex's `utils/state.js`, applying the server's updates to React's state inside `startTransition` (the
    file is patched in place: a second build finds it patched already)."""
    if STATE_DISPATCH_IN_TRANSITION in state_js:
        return state_js
    if STATE_REACT_IMPORT not in state_js or len(STATE_DISPATCH.findall(state_js)) != 1:
        raise UnexpectedBuild("utils/state.js no longer applies the server's updates the way this patch expects")
    state_js = state_js.replace(
        STATE_REACT_IMPORT, STATE_REACT_IMPORT.replace("useCallback,", "startTransition, useCallback,")
    )
    return STATE_DISPATCH.sub(
        lambda found: (
            f"{found['indent']}startTransition(() => {{\n"
            f"{found['indent']}  {STATE_DISPATCH_IN_TRANSITION}\n"
            f"{found['indent']}}});"
        ),
        state_js,
    )


REGISTRY_REACT_IMPORT = re.compile(r'import \{[^}]*\buseSyncExternalStore\b[^}]*\} from "react";')
REGISTRY_READ = re.compile(
    r"export function useStateContext\(name\) \{\n.*?"
    r"return useSyncExternalStore\(subscribe, getSnapshot, getSnapshot\);\n\}\n",
    re.S,
)
STATE_READ = """export function useStateContext(name) {
  const store = useContext(StateStoreContext);
  const read = () => store.getSnapshot(name) ?? app.initialState?.[name];
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read);
    update(); // an update that arrived between this component's render and now
    return store.subscribe(name, update);
  }, [store, name]);
  return value;
}
"""


def state_reads_in_transitions(registry_js: str) -> str:
    """Reflex's `utils/context-registry.js`, where a component reads its substate from React state that the
    store's listener sets, so that an update dispatched in a transition renders as one (patched in place: a second
    build finds it patched already)."""
    if STATE_READ in registry_js:
        return registry_js
    if len(REGISTRY_REACT_IMPORT.findall(registry_js)) != 1 or len(REGISTRY_READ.findall(registry_js)) != 1:
        raise UnexpectedBuild("utils/context-registry.js no longer reads the state the way this patch expects")
    registry_js = REGISTRY_READ.sub(lambda _: STATE_READ, registry_js)
    registry_js = REGISTRY_REACT_IMPORT.sub(
        'import { createContext, useContext, useEffect, useState } from "react";', registry_js
    )
    if re.search(r"\b(useMemo|useSyncExternalStore|useCallback|useRef)\(", registry_js):
        raise UnexpectedBuild("utils/context-registry.js uses a React hook this patch does not import")
    return registry_js


# Reflex opens its socket's transport early (a "warm" socket, claimed by the app when it mounts), in a microtask
# queued when `utils/state.js` has run: by then the generated `context.js` has registered the app in the same module
# graph, and the warm-up reads it. Run one chunk per task (`paint_first`), that microtask came before the registration,
# found no app and skipped the warm-up: the socket was made in React's first effects, in the same task as every
# component's effects (its creation: 30-50 % of that task, 50-110 ms under Lighthouse's profiler). The registry now
# says when the app is registered, and the warm-up waits for that: it runs right after `context.js`, as Reflex meant.
REGISTRY_REGISTER = "export function registerApp(values) {\n  Object.assign(app, values);\n}\n"
APP_REGISTERED = """let appRegistration;
export const appRegistered = new Promise((registered) => (appRegistration = registered));
export function registerApp(values) {
  Object.assign(app, values);
  appRegistration();
}
"""
STATE_REGISTRY_IMPORT = 'import { app, eventLoop } from "$/utils/context-registry";'
STATE_WARM_UP = re.compile(r"\n  queueMicrotask\(\(\) => \{\n    if \(\n      socketStarted \|\|")
STATE_WARM_UP_REGISTERED = "\n  appRegistered.then(() => {\n    if (\n      socketStarted ||"


def registration_announced(registry_js: str) -> str:
    """Reflex's `utils/context-registry.js`, with `appRegistered`: a promise settled when the generated context
    module registers the app (patched in place: a second build finds it patched already)."""
    if APP_REGISTERED in registry_js:
        return registry_js
    if registry_js.count(REGISTRY_REGISTER) != 1:
        raise UnexpectedBuild("utils/context-registry.js no longer registers the app the way this patch expects")
    return registry_js.replace(REGISTRY_REGISTER, APP_REGISTERED)


def socket_warmed_once_registered(state_js: str) -> str:
    """Reflex's `utils/state.js`, warming its socket once the app is registered rather than in the microtask after
    the file ran (patched in place: a second build finds it patched already)."""
    if STATE_WARM_UP_REGISTERED in state_js:
        return state_js
    if state_js.count(STATE_REGISTRY_IMPORT) != 1 or len(STATE_WARM_UP.findall(state_js)) != 1:
        raise UnexpectedBuild("utils/state.js no longer warms its socket the way this patch expects")
    state_js = state_js.replace(STATE_REGISTRY_IMPORT, STATE_REGISTRY_IMPORT.replace("app,", "app, appRegistered,"))
    return STATE_WARM_UP.sub(lambda _: STATE_WARM_UP_REGISTERED, state_js)


# React hydrates a prerendered page in two parts: the shell, then the route's content, which React Router's
# prerender wraps in a Suspense boundary, at the lowest priority and in slices of about 7 ms. While that content waits,
# React cannot tell whether a change of a context above it reaches a component inside, so any such change makes it
# hydrate all of the content at once, in one task. Reflex's socket, on each connect, sets its list of connection
# errors (a value of the event loop's context) to a new empty list: on a simulator, the connect came while the content
# waited, and its hydration became one task of 35-90 ms on this machine (4x that on Lighthouse's phone). The list is
# now replaced only when it holds errors: a first connect changes no context.
STATE_CONNECT_CLEARS = "\n    setConnectErrors([]);\n"
STATE_CONNECT_CLEARS_ERRORS = "\n    setConnectErrors((errors) => (errors.length ? [] : errors));\n"


def connect_keeps_the_context(state_js: str) -> str:
    """Reflex's `utils/state.js`, whose socket empties its list of connection errors on connect only when it holds
    some (patched in place: a second build finds it patched already)."""
    if STATE_CONNECT_CLEARS_ERRORS in state_js:
        return state_js
    if state_js.count(STATE_CONNECT_CLEARS) != 1 or state_js.count("setConnectErrors([])") != 1:
        raise UnexpectedBuild("utils/state.js no longer clears its connection errors the way this patch expects")
    return state_js.replace(STATE_CONNECT_CLEARS, STATE_CONNECT_CLEARS_ERRORS)


# Reading `document.cookie` is a synchronous call from the page to the browser's network process, answered after
# whatever that process is busy with: during a load, the first read took 4-17 ms on this machine (4x that on
# Lighthouse's phone), inside the task that evaluates the scripts. Reflex read cookies 5 times per load, from two
# places, although this app keeps none (its client storage is localStorage): universal-cookie's `Cookies`, built as
# `utils/state.js` is evaluated, reads them all, and `isBackendDisabled` reads them before each socket start and each
# turn of the event loop, for `backend-enabled=false`, the cookie with which Reflex's hosting runs a frontend without
# its backend. This app is always served with its backend (README, deploy/): `isBackendDisabled` answers false, and
# `Cookies` is built at its first use (a cookie var, a `remove_cookie` event), so a load reads no cookie.
STATE_COOKIES = "\nconst cookies = new Cookies();\n"
STATE_COOKIES_WHEN_USED = """
let cookieJar;
const cookies = {
  get: (...args) => (cookieJar ??= new Cookies()).get(...args),
  set: (...args) => (cookieJar ??= new Cookies()).set(...args),
  remove: (...args) => (cookieJar ??= new Cookies()).remove(...args),
};
"""
STATE_BACKEND_SWITCH = re.compile(
    r"export const isBackendDisabled = \(\) => \{\n  const cookie = document\.cookie\n.*?\n\};\n", re.S
)
STATE_BACKEND_ALWAYS = "export const isBackendDisabled = () => false; // always served with its backend\n"


def cookies_read_when_used(state_js: str) -> str:
    """Reflex's `utils/state.js` without a read of `document.cookie` during a load (see STATE_COOKIES); patched in
    place: a second build finds it patched already."""
    if STATE_COOKIES_WHEN_USED in state_js and STATE_BACKEND_ALWAYS in state_js:
        return state_js
    switches = STATE_BACKEND_SWITCH.findall(state_js)
    if state_js.count(STATE_COOKIES) != 1 or len(switches) != 1 or state_js.count("document.cookie") != 1:
        raise UnexpectedBuild("utils/state.js no longer reads its cookies the way this patch expects")
    if re.search(r"\bcookies\.(?!get\(|set\(|remove\()\w", state_js):
        raise UnexpectedBuild("utils/state.js uses a method of its cookies that the lazy jar does not carry")
    state_js = state_js.replace(STATE_COOKIES, STATE_COOKIES_WHEN_USED)
    return STATE_BACKEND_SWITCH.sub(lambda _: STATE_BACKEND_ALWAYS, state_js)


# Emotion, which turns the components' style props into CSS, prerenders each component's rules as a
# `<style data-emotion="css <ids>">` next to it in the body. When its cache is created (as the chunks run, before
# React hydrates), it moves each such tag into <head>, then appends each to <head> again as it takes them over: two
# moves per tag, and each move of a stylesheet makes the browser re-collect the page's rules and recompute the
# style of the elements they may match (3 to 5 tags a page: one recomputation of every element, 10-30 ms on this
# machine, 4x that on Lighthouse's phone). The build writes them as one tag at the end of <head>, marked `data-s` as
# emotion marks the tags it has moved: the cache leaves it there and takes it over in place. Same rules, same order,
# still after the app's stylesheet, in place before the first paint.
EMOTION_STYLE = re.compile(r'<style data-emotion="css (?P<ids>[\w ]+)">(?P<rules>[^<]*)</style>')
EMOTION_HEAD_TAG = re.compile(r'<style data-emotion="css [\w ]+" data-s="">')
# What the built emotion must do for that: move only the tags without `data-s`, and take over `css` tags by prefix.
EMOTION_CACHE_CODE = ("style[data-emotion]:not([data-s])", 'style[data-emotion^="')


def emotion_styles_in_head(html: str) -> str:
    """The page with its prerendered emotion styles in one tag at the end of <head> (see EMOTION_STYLE); a page
    without any, or already rewritten, is left as it is."""
    found = list(EMOTION_STYLE.finditer(html))
    rest = EMOTION_STYLE.sub("", html)
    rewritten = len(EMOTION_HEAD_TAG.findall(rest))
    if rest.count('<style data-emotion="css ') != rewritten or (found and (rewritten or rest.count("</head>") != 1)):
        raise UnexpectedBuild("an emotion style tag of a shape this rewrite does not expect")
    if not found:
        return html
    ids = " ".join(tag["ids"] for tag in found)
    rules = "".join(tag["rules"] for tag in found)
    return rest.replace("</head>", f'<style data-emotion="css {ids}" data-s="">{rules}</style></head>')


SKELETON_PARAM = "_"
ROUTE_PARAM = re.compile(r"\[[^\]/]+\]")


class UnexpectedBuild(ValueError):
    """A built page lacks what React Router 7 writes (a Reflex or React Router upgrade): fail the build loudly."""


def static_imports(href: str, chunk: str) -> list[str]:
    """The addresses of the chunks a built chunk (served at `href`) imports statically, in its order."""
    found: list[str] = []
    at = 0
    while (imported := CHUNK_IMPORT.match(chunk, at)) is not None:
        spec = imported["spec"]
        found.append(posixpath.normpath(posixpath.join(posixpath.dirname(href), spec)))
        at = imported.end()
    return found


def evaluation_order(roots: Iterable[str], imports_of: Callable[[str], list[str]]) -> list[str]:
    """Every chunk reachable from `roots`, each after the chunks it imports: the order a module graph runs in."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(href: str) -> None:
        if href in seen:
            return
        seen.add(href)
        for imported in imports_of(href):
            visit(imported)
        order.append(href)

    for root in roots:
        visit(root)
    return order


def paint_first(html: str, imports_of: Callable[[str], list[str]]) -> str:
    """The page, with its scripts fetched and run after its first contentful paint (see the module's docstring);
    a page React Router did not write (a static file such as the offline page) is left as it is.
    `imports_of(href)`: the addresses a built chunk imports statically (`static_imports` of its file)."""
    if REACT_ROUTER_PAGE not in html:
        return html
    module = MODULE_SCRIPT.search(html)
    if module is None or MODULE_SCRIPT.search(html, module.end()) is not None:
        raise UnexpectedBuild("expected exactly one inline module script (React Router's <Scripts/>)")
    body = module["body"]
    if body.startswith(WAIT_FOR_FIRST_PAINT):
        return html  # already rewritten
    names: list[str] = []
    specs: list[str] = []
    for found in STATIC_IMPORT.finditer(body):
        names.append(found["name"] or "")
        specs.append(found["spec"])
    if not specs:
        raise UnexpectedBuild("the module script imports nothing")
    rest = STATIC_IMPORT.sub("", body).strip()
    entries = ENTRY_IMPORT.findall(rest)
    if len(entries) != 1:
        raise UnexpectedBuild("expected the module script to import one entry after the route modules")
    entry = json.loads(entries[0])
    # the route modules and the entry's imports, without the entry itself: it starts hydrating when it runs
    chunks = evaluation_order([*(json.loads(spec) for spec in specs), *imports_of(entry)], imports_of)
    preloads = [found["href"] for found in MODULE_PRELOAD.finditer(html)]
    rewritten = "".join(
        (
            WAIT_FOR_FIRST_PAINT,
            f"for (const href of {json.dumps(preloads)}) {{ {ONE_HINT_EACH} }}",
            f"for (const href of {json.dumps(chunks)}) {{ {ONE_TASK_EACH} }}",
            f"const [{', '.join(names)}] = await Promise.all([{', '.join(f'import({spec})' for spec in specs)}]);",
            rest,
        )
    )
    html = html[: module.start("body")] + rewritten + html[module.end("body") :]
    return MODULE_PRELOAD.sub("", html)


def skeleton_path(route: str) -> str:
    """The path prerendered as the skeleton of a route with parameters (`atelier/[room_code]` → `/atelier/_`)."""
    return "/" + ROUTE_PARAM.sub(SKELETON_PARAM, route).strip("/")


def route_pattern(route: str) -> re.Pattern[str]:
    """The request paths a route with parameters answers (`atelier/[room_code]` → `/atelier/<one segment>`)."""
    pieces = [
        "[^/]+" if ROUTE_PARAM.fullmatch(segment) else re.escape(segment) for segment in route.strip("/").split("/")
    ]
    return re.compile("^/" + "/".join(pieces) + "/?$")
