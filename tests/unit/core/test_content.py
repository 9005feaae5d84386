"""Every content file parses and is consistent; figures are sourced and never repeated in the prose."""

import re

import pytest
from pydantic import ValidationError

from guide_app.core.content import CONTENT_DIR, FigureBlock, HtmlBlock, chapters, figures, parse_chapter, render_blocks
from guide_app.quiz.bank import quizzes


def test_four_chapters_in_order_with_their_titles():
    titles = [c.title for c in chapters()]
    assert len(titles) == 4
    assert titles[0].startswith("Où en êtes-vous")
    assert "recouvrement en ligne" in titles[1]
    assert titles[2].startswith("Automatisez")
    assert titles[3].startswith("Externalisez")


def test_every_figure_has_a_source_and_a_date():
    for figure in figures().values():
        assert figure.source.strip() and figure.as_of.strip(), figure.id


# What ../shared/domain-facts.md marks unverified, figure by figure (the claim itself or the article it cites).
UNVERIFIED = {
    "jobs_threatened": "300 000 jobs: unverified",
    "bankruptcies_share": "« 1 faillite sur 4 »: old estimate, unverified",
    "unpaid_cut": "seed 000 vendor claims, unverified",
    "automation_share": "seed 000 vendor claims, unverified",
    "aston_cash": "seed 000 Aston example, unverified",
    "aston_savings": "seed 000 Aston example, unverified",
    "avg_payment_term": "Banque de France 2024, unverified",
    "beyond_legal_share": "Banque de France 2024, unverified",
    "avg_delay": "Altares H1 2025, unverified",
    "on_time_share": "Altares H1 2025, unverified",
    "time_spent": "~10 h a week per Intrum: unverified",
    "recovery_odds_1y": "agency surveys ~29 % at one year, unverified",
    "limitation_public": "prescription quadriennale of public debtors, not verified in a primary source",
    "injonction_fee": "registry fee ~35–38 €: unverified",
    "small_debts_threshold": "threshold 5 000 € unverified (older sources say 4 000 €)",
    "dgccrf_fine": "article L441-16: unverified",
    "client_delay_micro": "not in domain-facts: ODP 2024 report as summarised by veille.artisanat.fr",
    "client_delay_building": "not in domain-facts: ODP 2024 report as summarised by veille.artisanat.fr",
}


def test_every_unverified_figure_is_shown_a_confirmer_and_only_those():
    shown = {figure.id for figure in figures().values() if not figure.verified}
    assert shown == set(UNVERIFIED)
    for figure in figures().values():
        assert figure.dated.endswith("à confirmer") == (figure.id in UNVERIFIED), figure.id


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.slug)
def test_chapter_is_three_to_six_minutes_of_reading(chapter):
    words = len(re.findall(r"\w+", chapter.prose()))
    assert 450 <= words <= 1300, words
    assert 3 <= chapter.reading_time <= 6


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.slug)
def test_chapter_shows_figures_as_callouts_and_never_repeats_their_values(chapter):
    assert chapter.figure_ids(), "each chapter carries at least one sourced key figure"
    prose = chapter.prose()
    for figure in figures().values():
        assert figure.value not in prose, f"{figure.id} value written in the text of {chapter.slug}"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.slug)
def test_chapter_renders_to_html_and_callouts_in_reading_order(chapter):
    blocks = render_blocks(chapter)
    callouts = [b.figure.id for b in blocks if isinstance(b, FigureBlock)]
    assert callouts == chapter.figure_ids()
    html = "".join(b.html for b in blocks if isinstance(b, HtmlBlock))
    assert "<h2>" in html and "<p>" in html
    assert "[[" not in html and "<script" not in html.lower()


def test_chapter_markdown_holds_no_raw_html():
    for path in (CONTENT_DIR / "chapters").glob("*.md"):
        body = parse_chapter(path.read_text(encoding="utf-8")).body
        assert not re.search(r"<[a-zA-Z/]", body), path.name


def test_a_chapter_without_title_is_rejected():
    with pytest.raises(ValidationError):
        parse_chapter("---\nslug: x\norder: 1\nreading_time: 3\nsummary: s\n---\nTexte")


def test_every_chapter_has_a_quiz_and_every_quiz_a_chapter():
    assert set(quizzes()) == {c.slug for c in chapters()}
