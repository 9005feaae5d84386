from guide_app.core import routes
from guide_app.core.content import chapters


def test_routes_are_unique_and_chapters_have_stable_urls():
    slugs = [c.slug for c in chapters()]
    every = routes.all_routes(slugs)
    assert len(every) == len(set(every))
    assert routes.chapter("ou-en-etes-vous") == "/chapitres/ou-en-etes-vous"
    assert routes.chapter_quiz("ou-en-etes-vous") == "/chapitres/ou-en-etes-vous/quiz"


def test_a_route_parameter_is_read_from_the_path():
    assert routes.path_param(routes.workshop_room("[room_code]"), "/atelier/234567", "room_code") == "234567"
    assert routes.path_param(routes.workshop_room("[room_code]"), "/atelier/234567/?x=1", "room_code") == "234567"
    summary = routes.advisor_workshop_summary("[workshop_id]")
    assert routes.path_param(summary, "/conseiller/ateliers/12/synthese", "workshop_id") == "12"
    assert routes.path_param(summary, "/conseiller/ateliers/12", "workshop_id") == ""
    assert routes.path_param(routes.advisor_lead("[lead_id]"), "/conseiller/ateliers/12", "lead_id") == ""
