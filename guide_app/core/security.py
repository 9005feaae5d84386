"""The HTTP side of security: headers on every response the app serves (pages, assets, API routes), and the gate in
front of Reflex's upload endpoint."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts: our own files, and the inline scripts of our own build, each named by its SHA-256 (the build writes a
# few per page: React Router's context, Reflex's bootstrap). No 'unsafe-inline' nor 'unsafe-eval' for scripts: a
# script injected into a page does not run. Styles keep 'unsafe-inline': React writes style attributes and Emotion
# (Radix) inserts <style> elements at run time, which hashes or nonces cannot cover in Reflex 0.10.
_POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
)


class _InlineScripts(HTMLParser):
    """The text of every <script> without a src attribute, as the browser hashes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.found.append("".join(self._current))
            self._current = None


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """The CSP sources ('sha256-…') of the inline scripts of these HTML pages, sorted, each once."""
    found: set[str] = set()
    for page in pages:
        parser = _InlineScripts()
        parser.feed(page)
        found |= {base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() for script in parser.found}
    return [f"'sha256-{digest}'" for digest in sorted(found)]


def content_security_policy(built: Path | None) -> str:
    """The policy for the pages built in `built` (the frontend's static folder); scripts from files only without it."""
    pages = (path.read_text(encoding="utf-8") for path in sorted(built.rglob("*.html"))) if built else ()
    hashes = "".join(f" {source}" for source in inline_script_hashes(pages))
    return "; ".join(_POLICY).replace("{hashes}", hashes)


HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
# Vite names every built script and stylesheet after its content's hash: a phone may keep them for good, so a
# second page or a later visit downloads only the page's HTML. Pages themselves keep revalidating (ETag).
HASHED_ASSETS_PREFIX = "/assets/"
IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


@dataclass(frozen=True)
class UploadGate:
    """Who may send a file, checked before a byte of it is read: Reflex's /_upload answers anyone, from anywhere, reads
    files of any size, and fails with a 500 when the named handler takes no file."""

    path: str  # the upload endpoint
    handlers: frozenset[str]  # the event handlers that take a file, by their registered names
    max_bytes: int  # the whole request, file and multipart envelope
    origins: tuple[str, ...]  # the app's own origins (settings.cors_origins)
    signed_in_owner: Callable[[str], Awaitable[bool]]  # Reflex's client token → a signed-in owner's browser?


FOREIGN_ORIGIN = "Envoi refusé : un fichier ne s'envoie que depuis les pages de l'application."
NO_FILE_HERE = "Ce formulaire n'accepte pas de fichier."
UNKNOWN_SIZE = "Envoi refusé : la taille du fichier n'est pas indiquée. Réessayez depuis la page d'import."
TOO_BIG = "Le fichier est trop lourd : découpez-le en fichiers de 2 Mo au plus."
SIGN_IN_FIRST = "Connectez-vous à votre compte pour importer un fichier."


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _upload_refusal(gate: UploadGate, scope: Scope) -> tuple[int, str] | None:
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
    if headers.get("origin", "").rstrip("/") not in gate.origins:
        return 403, FOREIGN_ORIGIN
    if headers.get("reflex-event-handler", "") not in gate.handlers:
        return 400, NO_FILE_HERE
    length = headers.get("content-length", "")
    if not length.isdigit():
        return 411, UNKNOWN_SIZE
    if int(length) > gate.max_bytes:
        return 413, TOO_BIG
    if not await gate.signed_in_owner(headers.get("reflex-client-token", "")):
        return 401, SIGN_IN_FIRST
    return None


def _bounded(receive: Receive, limit: int) -> Receive:
    """The request's body, cut off (as a disconnect) past `limit` bytes, whatever Content-Length said."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                return {"type": "http.disconnect"}
        return message

    return bounded


def security_headers(built: Path, *, upload: UploadGate | None = None) -> Callable[[ASGIApp], ASGIApp]:
    """The app's transformer: every HTTP response gets the headers above, and the policy for the pages built in
    `built` (read at the first response: `reflex run --env prod` builds them after importing the app); a file sent
    to the upload endpoint first passes `upload`."""

    @cache
    def policy() -> tuple[bytes, bytes]:
        return (b"content-security-policy", content_security_policy(built if built.is_dir() else None).encode())

    def transform(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return

            hashed_asset = scope["path"].startswith(HASHED_ASSETS_PREFIX)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    extra: tuple[tuple[bytes, bytes], ...] = (policy(), *HEADERS)
                    if hashed_asset and message.get("status") == 200:  # a missing asset's 404 must not be kept
                        extra = (*extra, IMMUTABLE)
                    present = {name.lower() for name, _ in message.get("headers", [])}
                    message["headers"] = [
                        *message.get("headers", []),
                        *((name, value) for name, value in extra if name not in present),
                    ]
                await send(message)

            if upload is not None and scope["path"] == upload.path and scope["method"] == "POST":
                refusal = await _upload_refusal(upload, scope)
                if refusal is not None:
                    await _refuse(send_with_headers, *refusal)
                    return
                receive = _bounded(receive, upload.max_bytes)
            await app(scope, receive, send_with_headers)

        return wrapped

    return transform
