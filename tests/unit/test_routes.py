from guide_app import routes
from guide_app.content import chapters


def test_routes_are_unique_and_chapters_have_stable_urls():
    slugs = [c.slug for c in chapters()]
    every = routes.all_routes(slugs)
    assert len(every) == len(set(every))
    assert routes.chapter("ou-en-etes-vous") == "/chapitres/ou-en-etes-vous"
    assert routes.chapter_quiz("ou-en-etes-vous") == "/chapitres/ou-en-etes-vous/quiz"
