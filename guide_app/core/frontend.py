"""What the production build ships to a phone: the Radix Themes stylesheet trimmed to the colours the app uses.

Radix's `styles.css` carries the tokens of all 30 colour scales (light, dark and P3 variants): a third of the
700 kB stylesheet that blocks the first paint of every page, parsed and matched before anything shows. Its
parts are published separately (`tokens/base.css` + one file per scale, `components.css`, `utilities.css`), so
the app imports only the scales it names; tests/unit/core/test_frontend.py fails when a page uses a colour that is
not listed here."""

from __future__ import annotations

import dataclasses

import reflex as rx
from reflex_components_radix.plugin import RadixThemesPlugin

# The theme's accent and grays, then every `color_scheme` the pages use ("gray" maps onto the theme's slate).
THEME_ACCENT = "indigo"
THEME_GRAY = "slate"
THEME_COLORS = (THEME_ACCENT, THEME_GRAY, "amber", "blue", "gray", "green", "orange", "red")


@dataclasses.dataclass
class LeanRadixThemesPlugin(RadixThemesPlugin):  # type: ignore[misc]  # reflex_components_radix ships no types
    """Radix Themes with the colour tokens of THEME_COLORS only (same components, utilities and base tokens)."""

    def get_stylesheet_paths(self, **context: object) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{color}.css" for color in THEME_COLORS),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )


def radix_themes() -> LeanRadixThemesPlugin:
    return LeanRadixThemesPlugin(
        theme=rx.theme(accent_color=THEME_ACCENT, gray_color=THEME_GRAY, radius="large", appearance="light")
    )
