"""Reflex configuration: everything variable comes from guide_app.settings (environment)."""

import reflex as rx

from guide_app.settings import settings

config = rx.Config(
    app_name="guide_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=settings.cors_origins(),
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="large", appearance="light")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
