"""What the production build ships to a phone: Radix Themes trimmed to what the app uses (the colours' stylesheets,
the components' scripts), and pages that paint their prerendered text before any JavaScript runs
(core/first_paint.py).

Radix's `styles.css` carries the tokens of all 30 colour scales (light, dark and P3 variants): a third of the
700 kB stylesheet that blocks the first paint of every page, parsed and matched before anything shows. Its
parts are published separately (`tokens/base.css` + one file per scale, `components.css`, `utilities.css`), so
the app imports only the scales it names; tests/unit/core/test_frontend.py fails when a page uses a colour that is
not listed here."""

from __future__ import annotations

import dataclasses
import re
from functools import cache, partial
from pathlib import Path
from typing import Any

import reflex as rx
from reflex_components_radix.plugin import RadixThemesPlugin

from guide_app.core.first_paint import (
    EMOTION_CACHE_CODE,
    ENTRY_CLIENT,
    UnexpectedBuild,
    connect_keeps_the_context,
    cookies_read_when_used,
    emotion_styles_in_head,
    paint_first,
    registration_announced,
    skeleton_path,
    socket_warmed_once_registered,
    state_reads_in_transitions,
    static_imports,
    updates_in_transitions,
)
from guide_app.core.lean_css import trim_built_stylesheets

# The theme's accent and grays, then every `color_scheme` the pages use ("gray" maps onto the theme's slate).
THEME_ACCENT = "indigo"
THEME_GRAY = "slate"
THEME_APPEARANCE = "light"  # the one colour mode: the pages are light (see `radix_themes` for its class)
THEME_COLORS = (THEME_ACCENT, THEME_GRAY, "amber", "blue", "gray", "green", "orange", "red")


# Reflex registers Radix Themes as a library that dynamic components (components sent by the server at run time)
# may use, and the root route imports it whole on demand for them. The app sends none, but that dynamic import
# alone makes the bundler keep every Radix Themes component (menus, dialogs, sliders, ...) in the chunk each page
# loads and runs first: without it, only the components the pages use are bundled.
DYNAMIC_RADIX_LOADER = re.compile(r'^\s*"@radix-ui/themes": \(\) => import\("@radix-ui/themes"\),\n', re.M)


def without_dynamic_radix(root_jsx: str) -> str:
    return DYNAMIC_RADIX_LOADER.sub("", root_jsx)


# Once a page has hydrated, Reflex writes its colour mode: the `light` class and `color-scheme` on <html> (which the
# inline script in the page's head set before the first paint) and the `light` class on the root theme's element.
# Each write, even removing a class and adding it back, makes the browser recompute the style of every element of the
# page (10-16 ms on this machine, in a task a tap waits for). The root theme is prerendered with its class
# (`radix_themes`), and each write happens only when it changes something.
THEME_CLASS_WRITE = re.compile(
    r'(?P<indent> *)(?P<el>\w+)\.classList\.remove\("light", "dark"\);\n\s*(?P=el)\.classList\.add\((?P<mode>\w+)\);'
)
COLOR_SCHEME_WRITE = re.compile(r"(?P<indent> *)(?P<el>\w+)\.style\.colorScheme = (?P<mode>\w+);")
THEME_CLASS_GUARD = '=== "light" ? "dark" : "light")) {'


def theme_written_on_change(js: str) -> str:
    """Reflex's `utils/react-theme.js` or `components/reflex/radix_themes_color_mode_provider.js`, writing the colour
    mode's class (and `color-scheme`) only when it differs (patched in place: a second build finds it patched)."""
    if THEME_CLASS_GUARD in js:
        return js
    if len(THEME_CLASS_WRITE.findall(js)) != 1 or len(COLOR_SCHEME_WRITE.findall(js)) > 1:
        raise UnexpectedBuild("Reflex no longer writes the colour mode's class the way this patch expects")

    def class_on_change(write: re.Match[str]) -> str:
        indent, el, mode = write["indent"], write["el"], write["mode"]
        return (
            f"{indent}if (!{el}.classList.contains({mode}) || {el}.classList.contains({mode} {THEME_CLASS_GUARD}\n"
            f'{indent}  {el}.classList.remove("light", "dark");\n'
            f"{indent}  {el}.classList.add({mode});\n"
            f"{indent}}}"
        )

    js = THEME_CLASS_WRITE.sub(class_on_change, js)
    return COLOR_SCHEME_WRITE.sub(
        lambda write: (
            f"{write['indent']}if ({write['el']}.style.colorScheme !== {write['mode']}) "
            f"{write['el']}.style.colorScheme = {write['mode']};"
        ),
        js,
    )


@dataclasses.dataclass
class LeanRadixThemesPlugin(RadixThemesPlugin):  # type: ignore[misc]  # reflex_components_radix ships no types
    """Radix Themes with the colour tokens of THEME_COLORS only (same utilities and base tokens), and only the
    components the pages use: in the scripts (without_dynamic_radix) and in the built stylesheet (core/lean_css.py)."""

    def get_stylesheet_paths(self, **context: object) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{color}.css" for color in THEME_COLORS),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )

    def pre_compile(self, **context: Any) -> None:
        if self.enabled:
            context["add_modify_task"]("app/root.jsx", without_dynamic_radix)
            context["add_modify_task"]("utils/react-theme.js", theme_written_on_change)
            context["add_modify_task"]("components/reflex/radix_themes_color_mode_provider.js", theme_written_on_change)

    def post_build(self, **context: Any) -> None:
        if self.enabled:
            trim_built_stylesheets(context["static_dir"])


def radix_themes() -> LeanRadixThemesPlugin:
    return LeanRadixThemesPlugin(
        theme=rx.theme(
            accent_color=THEME_ACCENT,
            gray_color=THEME_GRAY,
            radius="large",
            appearance=THEME_APPEARANCE,
            class_name=THEME_APPEARANCE,  # the class Reflex's colour mode provider gives the root theme (see above)
        )
    )


PRERENDER_ALL = re.compile(r'"prerender": true')


def prerender_skeletons(skeletons: list[str], config: str) -> str:
    """React Router's config, told to prerender the skeleton of each route with parameters besides the static
    pages (production builds only: a development build prerenders nothing)."""
    if not skeletons or not PRERENDER_ALL.search(config):
        return config
    paths = ", ".join(f'"{path}"' for path in skeletons)
    return PRERENDER_ALL.sub(f'"prerender": ({{getStaticPaths}}) => [...getStaticPaths(), {paths}]', config)


class FirstPaintPlugin(rx.plugins.Plugin):
    """Every built page paints its prerendered HTML before it fetches and runs its JavaScript (one chunk per task),
    with its emotion styles where emotion leaves them, a page whose route has parameters gets a prerendered
    skeleton, and the server's updates render as React transitions (core/first_paint.py)."""

    def provides_entry_client(self) -> bool:
        return True

    def pre_compile(self, **context: Any) -> None:
        context["add_save_task"](lambda: ("app/entry.client.js", ENTRY_CLIENT))
        context["add_modify_task"]("utils/state.js", updates_in_transitions)
        context["add_modify_task"]("utils/state.js", socket_warmed_once_registered)
        context["add_modify_task"]("utils/state.js", connect_keeps_the_context)
        context["add_modify_task"]("utils/state.js", cookies_read_when_used)
        context["add_modify_task"]("utils/context-registry.js", state_reads_in_transitions)
        context["add_modify_task"]("utils/context-registry.js", registration_announced)
        skeletons = sorted({skeleton_path(page.route) for page in context["unevaluated_pages"] if "[" in page.route})
        context["add_modify_task"]("react-router.config.js", partial(prerender_skeletons, skeletons))

    def post_build(self, **context: Any) -> None:
        static_dir: Path = context["static_dir"]

        @cache
        def imports_of(href: str) -> list[str]:
            chunk = static_dir / href.lstrip("/")
            if not href.startswith("/") or not chunk.is_file():
                raise UnexpectedBuild(f"a page imports {href}, which the build did not write")
            return static_imports(href, chunk.read_text(encoding="utf-8"))

        styled = False
        for page in sorted(static_dir.rglob("*.html")):
            try:
                html = page.read_text(encoding="utf-8")
                in_head = emotion_styles_in_head(html)
                styled = styled or in_head != html
                page.write_text(paint_first(in_head, imports_of), encoding="utf-8")
            except UnexpectedBuild as error:
                raise UnexpectedBuild(f"{page.relative_to(static_dir)}: {error}") from error
        if not styled:
            return
        scripts = "".join(chunk.read_text(encoding="utf-8") for chunk in (static_dir / "assets").glob("*.js"))
        if not all(code in scripts for code in EMOTION_CACHE_CODE):
            raise UnexpectedBuild("the built emotion no longer takes over its prerendered styles as the pages expect")
