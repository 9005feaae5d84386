import re
import typing
from pathlib import Path

from reflex_components_radix.themes.base import LiteralAccentColor

import guide_app
from guide_app.core.frontend import THEME_COLORS, LeanRadixThemesPlugin, radix_themes, without_dynamic_radix

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
    assert asked == [("app/root.jsx", without_dynamic_radix)]
    LeanRadixThemesPlugin(enabled=False).pre_compile(add_modify_task=lambda path, change: asked.append((path, change)))
    assert len(asked) == 1  # an app without Radix Themes has no such import
