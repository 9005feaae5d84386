"""Reflex configuration: everything variable comes from guide_app.core.settings (environment)."""

import reflex as rx

from guide_app.core.frontend import FirstPaintPlugin, radix_themes
from guide_app.core.serving import respawn_failed_workers
from guide_app.core.settings import settings

respawn_failed_workers()  # one worker killed: it comes back, the others keep serving

config = rx.Config(
    app_name="guide_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    # Without Redis, the one process keeps the browsers' states in memory. Reflex's default without Redis writes
    # them to files under .states/ and rescans that folder every 2 s, reading each file's date: the scan grows with
    # every visitor (a few files per page load), on the cores that serve the pages, and the files are no use after a
    # restart (the app reloads what it needs from the database). REFLEX_STATE_MANAGER_MODE still overrides it.
    state_manager_mode="redis" if settings.redis_url else "memory",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=settings.cors_origins(),
    # Brotli first (a quarter smaller than gzip on the stylesheet and scripts), gzip for older clients.
    frontend_compression_formats=["brotli", "gzip"],
    # The app evaluates no dynamic components: don't import every bundled library's full namespace on each page.
    frontend_lazy_bundled_libraries=True,
    plugins=[radix_themes(), FirstPaintPlugin()],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
