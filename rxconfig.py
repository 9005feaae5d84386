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
