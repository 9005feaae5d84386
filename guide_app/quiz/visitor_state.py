"""The base state: who this browser is (an anonymous visitor token) and its progress in the guide."""

from __future__ import annotations

import secrets

import reflex as rx

from guide_app.core.content import chapter_by_slug
from guide_app.quiz import store as crud


class VisitorState(rx.State):
    # Made on the server, kept in the browser so progress survives reloads and new tabs.
    visitor_token: str = rx.LocalStorage("", name="gdr_visitor")
    read_slugs: list[str] = []
    passed_slugs: list[str] = []

    def _token(self) -> str:
        if not crud.is_visitor_token(self.visitor_token):
            self.visitor_token = secrets.token_urlsafe(32)
        return self.visitor_token

    @rx.event
    def load_progress(self) -> None:
        with rx.session() as session:
            rows = crud.progress(session, visitor_token=self._token())
        self.read_slugs = [row.chapter_slug for row in rows if row.read_at]
        self.passed_slugs = [row.chapter_slug for row in rows if row.passed_at]

    @rx.event
    def mark_read(self, slug: str) -> None:
        if not isinstance(slug, str) or chapter_by_slug(slug) is None:
            return
        with rx.session() as session:
            crud.mark_read(session, visitor_token=self._token(), chapter_slug=slug)
        if slug not in self.read_slugs:
            self.read_slugs = [*self.read_slugs, slug]
