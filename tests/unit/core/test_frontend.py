import re
import typing
from pathlib import Path

import pytest
import reflex_base
from reflex_components_radix.themes.base import LiteralAccentColor

import guide_app
from guide_app.core.first_paint import UnexpectedBuild
from guide_app.core.frontend import (
    THEME_COLORS,
    LeanRadixThemesPlugin,
    radix_themes,
    theme_written_on_change,
    without_dynamic_radix,
)

QUOTED = re.compile(r"""["']([a-z]+)["']""")


def test_every_colour_a_page_names_ships_its_tokens():
    """A colour missing from THEME_COLORS would render as no colour at all (its CSS variables undefined)."""
    radix_colors = set(typing.get_args(LiteralAccentColor))
    named = {
        f"{path.name}: {word}"
        for path in Path(guide_app.__file__).parent.rglob("*.py")
        for word in QUOTED.findall(path.read_text(encoding="utf-8"))
        if word in radix_colors and word not in THEME_COLORS
    }
    assert not named


def test_the_stylesheet_keeps_components_utilities_and_only_the_listed_scales():
    sheets = radix_themes().get_stylesheet_paths()
    scales = [sheet for sheet in sheets if "/tokens/colors/" in sheet]
    assert sorted(Path(sheet).stem for sheet in scales) == sorted(THEME_COLORS)
    assert {
        "@radix-ui/themes/tokens/base.css",
        "@radix-ui/themes/components.css",
        "@radix-ui/themes/utilities.css",
    } < set(sheets)
    assert LeanRadixThemesPlugin(enabled=False).get_stylesheet_paths() == ()


ROOT_JSX = """\
import {Theme as RadixThemesTheme} from "@radix-ui/themes"
if (typeof window !== "undefined") {
  const loaders = {
    "@radix-ui/themes": () => import("@radix-ui/themes"),
    "some-other-lib": () => import("some-other-lib"),
  };
}
"""


def test_the_root_module_no_longer_imports_all_of_radix_themes_for_dynamic_components():
    """That on-demand import kept every Radix Themes component in the chunk each page runs first."""
    root = without_dynamic_radix(ROOT_JSX)
    assert 'import("@radix-ui/themes")' not in root
    assert root == ROOT_JSX.replace('    "@radix-ui/themes": () => import("@radix-ui/themes"),\n', "")
    assert 'import {Theme as RadixThemesTheme} from "@radix-ui/themes"' in root  # the components the pages use stay
    assert without_dynamic_radix(root) == root


def test_the_radix_plugin_trims_the_root_module_of_every_build():
    asked: list[tuple[str, object]] = []
    radix_themes().pre_compile(add_modify_task=lambda path, change: asked.append((path, change)))
    assert asked == [
        ("app/root.jsx", without_dynamic_radix),
        ("utils/react-theme.js", theme_written_on_change),
        ("components/reflex/radix_themes_color_mode_provider.js", theme_written_on_change),
    ]
    LeanRadixThemesPlugin(enabled=False).pre_compile(add_modify_task=lambda path, change: asked.append((path, change)))
    assert len(asked) == 3  # an app without Radix Themes has no such files


# Reflex's own files, as the build copies them into .web/.
TEMPLATES = Path(reflex_base.__file__).parent / ".templates/web"
HTML_THEME = (TEMPLATES / "utils/react-theme.js").read_text(encoding="utf-8")
ROOT_THEME = (TEMPLATES / "components/reflex/radix_themes_color_mode_provider.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(("js", "element"), [(HTML_THEME, "root"), (ROOT_THEME, "radixRoot")])
def test_the_colour_mode_is_written_only_when_it_changes(js, element):
    """Removing the class and adding it back made the browser restyle the whole page once it had hydrated."""
    patched = theme_written_on_change(js)
    guard = (
        f"if (!{element}.classList.contains(resolvedTheme) || "
        f'{element}.classList.contains(resolvedTheme === "light" ? "dark" : "light")) {{'
    )
    write = patched[patched.index(guard) :]
    write = write[: write.index("}") + 1]
    # inside the guard, the same two writes as before: a dark page turned light still loses `dark`
    assert f'{element}.classList.remove("light", "dark");' in write
    assert f"{element}.classList.add(resolvedTheme);" in write
    assert patched.count("classList.remove(") == js.count("classList.remove(") == 1
    if "colorScheme" in js:
        assert "if (root.style.colorScheme !== resolvedTheme) root.style.colorScheme = resolvedTheme;" in patched
    assert theme_written_on_change(patched) == patched


def test_the_root_theme_is_prerendered_with_its_colour_modes_class():
    """So that the colour mode provider finds it there and writes nothing after hydration."""
    theme = radix_themes().theme
    assert str(theme.appearance) == '"light"'
    assert 'className:"light"' in theme.render()["props"]


@pytest.mark.parametrize(
    "js",
    [
        HTML_THEME.replace('root.classList.remove("light", "dark");', 'root.className = "";'),
        HTML_THEME + ROOT_THEME,  # two writes in one file
    ],
)
def test_a_reflex_that_writes_its_colour_mode_otherwise_fails_the_build(js):
    with pytest.raises(UnexpectedBuild):
        theme_written_on_change(js)
