"""What a phone on a slow link sees first: the page's prerendered text, painted before any JavaScript.

React Router prerenders every page's HTML, then its `<Scripts/>` asks for about 250 kB (brotli) of JavaScript
straight away: `<link rel="modulepreload">` for every chunk and an inline module that imports them, which runs
React's hydration as soon as they arrive. On a slow 4G link that JavaScript shares the line with the stylesheet,
and a fast one runs hydration before the first paint: either way the text waits for code it does not need.

`paint_first` rewrites each built page so that the browser paints the prerendered HTML first (the stylesheet is
the only thing it waits for), then fetches the chunks (the same modulepreload hints, added then) and hydrates:
- it waits for the paint timing's `first-contentful-paint` entry, then one task;
- it does not wait in a hidden tab (nothing paints there), in a browser without paint timing, or after 3 s;
- the page is unchanged otherwise: same chunks, same order of evaluation for each route module, same globals.

`ENTRY_CLIENT` replaces React Router's entry: the same hydration, plus `data-hydrated` on `<html>` once React has
hydrated the page (a browser test waits for it before it taps; a person cannot tell).

`SKELETON_PARAM` is the value a path parameter takes in the skeleton prerendered for a route such as
`/atelier/[room_code]`: a link with a real code is served that page's skeleton (title, header, layout, the page's
loading state) and hydrates in place, instead of an empty shell."""

from __future__ import annotations

import json
import re

MODULE_SCRIPT = re.compile(r'<script type="module" async="">(?P<body>.*?)</script>', re.S)
STATIC_IMPORT = re.compile(r'import (?:\* as (?P<name>\w+) from )?(?P<spec>"[^"]+");')
MODULE_PRELOAD = re.compile(r'<link rel="modulepreload" href="(?P<href>[^"]+)"/>')
REACT_ROUTER_PAGE = "window.__reactRouterContext"
FALLBACK_MS = 3000  # the longest a page waits for its first paint before it hydrates anyway

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

SKELETON_PARAM = "_"
ROUTE_PARAM = re.compile(r"\[[^\]/]+\]")


class UnexpectedBuild(ValueError):
    """A built page lacks what React Router 7 writes (a Reflex or React Router upgrade): fail the build loudly."""


def paint_first(html: str) -> str:
    """The page, with its scripts fetched and run after its first contentful paint (see the module's docstring);
    a page React Router did not write (a static file such as the offline page) is left as it is."""
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
    preloads = [found["href"] for found in MODULE_PRELOAD.finditer(html)]
    rewritten = "".join(
        (
            WAIT_FOR_FIRST_PAINT,
            f"for (const href of {json.dumps(preloads)}) document.head.append("
            'Object.assign(document.createElement("link"), {rel: "modulepreload", href}));',
            f"const [{', '.join(names)}] = await Promise.all([{', '.join(f'import({spec})' for spec in specs)}]);",
            STATIC_IMPORT.sub("", body).strip(),
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
