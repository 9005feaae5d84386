"""Security headers on every HTTP response the app serves (pages, assets, API routes)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# React and Reflex inject inline styles; Vite's bundles need no inline script but Reflex's page bootstrap does.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    )
)
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
# Vite names every built script and stylesheet after its content's hash: a phone may keep them for good, so a
# second page or a later visit downloads only the page's HTML. Pages themselves keep revalidating (ETag).
HASHED_ASSETS_PREFIX = "/assets/"
IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


def with_security_headers(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        hashed_asset = scope["path"].startswith(HASHED_ASSETS_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # a missing asset's 404 must not be kept
                extra = (*HEADERS, IMMUTABLE) if hashed_asset and message.get("status") == 200 else HEADERS
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((name, value) for name, value in extra if name not in present),
                ]
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
