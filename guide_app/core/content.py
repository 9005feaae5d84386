"""Loads content/ (Markdown chapters, figures), validates it with Pydantic, once per process."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import frontmatter
import markdown
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# A key figure is placed in a chapter by a line of its own: [[chiffre:figure_id]]
FIGURE_LINE = re.compile(r"^\[\[chiffre:([a-z0-9_]+)\]\]\s*$", re.MULTILINE)
# "37 500 €" must not break across lines: thousands groups and units get a no-break space.
NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}\b|€|%|h\b|jours?\b|ans?\b|mois\b)")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    value: Text
    label: Text
    source: Text
    as_of: Text
    note: str | None = None
    # False when ../shared/domain-facts.md marks the figure (or the article it cites) unverified: shown « à confirmer »
    verified: bool = True

    @property
    def dated(self) -> str:
        """What every page prints after the source: the date, and « à confirmer » for an unverified figure."""
        return self.as_of if self.verified else f"{self.as_of}, à confirmer"


class HtmlBlock(Strict):
    kind: Literal["html"] = "html"
    html: str


class FigureBlock(Strict):
    kind: Literal["figure"] = "figure"
    figure: Figure


class Chapter(Strict):
    slug: Slug
    title: Text
    order: int = Field(ge=1)
    reading_time: int = Field(ge=1, le=15)
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    body: Text

    def figure_ids(self) -> list[str]:
        return FIGURE_LINE.findall(self.body)

    def prose(self) -> str:
        """The body without its figure lines: what the reader reads as text."""
        return FIGURE_LINE.sub("", self.body)


class ContentError(ValueError):
    pass


@cache
def figures() -> dict[str, Figure]:
    raw = yaml.safe_load((CONTENT_DIR / "figures.yaml").read_text(encoding="utf-8"))
    items = [Figure.model_validate(item) for item in raw]
    by_id = {item.id: item for item in items}
    if len(by_id) != len(items):
        raise ContentError("figures.yaml: duplicate figure id")
    return by_id


def parse_chapter(text: str) -> Chapter:
    post = frontmatter.loads(text)
    return Chapter.model_validate({**post.metadata, "body": post.content})


@cache
def chapters() -> tuple[Chapter, ...]:
    """All chapters in reading order; fails loudly on any inconsistency."""
    loaded = sorted(
        (parse_chapter(path.read_text(encoding="utf-8")) for path in (CONTENT_DIR / "chapters").glob("*.md")),
        key=lambda chapter: chapter.order,
    )
    if [c.order for c in loaded] != list(range(1, len(loaded) + 1)):
        raise ContentError("chapters: order must run 1, 2, 3… without gaps")
    if len({c.slug for c in loaded}) != len(loaded):
        raise ContentError("chapters: duplicate slug")
    known = figures()
    for chapter in loaded:
        missing = [fid for fid in chapter.figure_ids() if fid not in known]
        if missing:
            raise ContentError(f"chapter {chapter.slug}: unknown figures {missing}")
    return tuple(loaded)


def chapter_by_slug(slug: str) -> Chapter | None:
    return next((c for c in chapters() if c.slug == slug), None)


def keep_numbers_whole(text: str) -> str:
    return NUMBER_SPACE.sub("\u00a0", text)


def render_blocks(chapter: Chapter) -> list[HtmlBlock | FigureBlock]:
    """Markdown → HTML paragraphs interleaved with figure callouts, in reading order."""
    known = figures()
    blocks: list[HtmlBlock | FigureBlock] = []
    parts = FIGURE_LINE.split(chapter.body)
    # split() alternates: text, figure id, text, figure id, …
    for index, part in enumerate(parts):
        if index % 2:
            blocks.append(FigureBlock(figure=known[part]))
        elif part.strip():
            blocks.append(HtmlBlock(html=markdown.markdown(keep_numbers_whole(part), output_format="html")))
    return blocks
