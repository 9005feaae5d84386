"""The radar is a well-formed SVG picture whose polygons put each axis score on its spoke."""

import math
import xml.dom.minidom

import pytest

from guide_app.quiz.radar import RADIUS, radar, spoke_points

LABELS = ["Risque client", "Délais et facturation", "Processus de relance", "Outils"]


def polygon(picture: str, name: str) -> list[tuple[float, float]]:
    document = xml.dom.minidom.parseString(picture)
    shape = next(p for p in document.getElementsByTagName("polygon") if p.getAttribute("class") == name)
    return [tuple(map(float, pair.split(","))) for pair in shape.getAttribute("points").split()]


@pytest.mark.parametrize("values", [[100, 0, 0, 0], [0, 50, 0, 0], [25, 25, 25, 25]])
def test_each_score_lies_on_its_spoke_at_its_distance_from_the_centre(values):
    today = polygon(radar(LABELS, values), "radar-today")
    for index, value in enumerate(values):
        angle = math.pi / 2 - 2 * math.pi * index / len(values)  # clockwise from 12 o'clock; SVG's y goes down
        assert today[index][0] == pytest.approx(RADIUS * value / 100 * math.cos(angle), abs=0.06)
        assert today[index][1] == pytest.approx(-RADIUS * value / 100 * math.sin(angle), abs=0.06)
    assert spoke_points([100, 0, 0, 0])[0] == pytest.approx((0, -RADIUS))  # the first axis points up


def test_the_previous_attempt_is_a_dashed_polygon_behind_today():
    assert "radar-before" not in radar(LABELS, [50] * 4)
    picture = radar(LABELS, [50] * 4, [20] * 4)
    assert picture.index("radar-before") < picture.index("radar-today")  # drawn first: behind
    assert polygon(picture, "radar-before")[0][1] == pytest.approx(-20)
    assert polygon(picture, "radar-today")[0][1] == pytest.approx(-50)


def test_labels_wrap_on_several_lines_and_are_escaped():
    picture = radar([*LABELS[:3], "Outils <et> données"], [0] * 4)
    texts = xml.dom.minidom.parseString(picture).getElementsByTagName("text")
    lines = [[span.firstChild.data for span in t.getElementsByTagName("tspan")] for t in texts]
    assert lines[0] == ["Risque client"] and lines[1] == ["Délais et", "facturation"]
    assert lines[3] == ["Outils <et>", "données"]  # shown as typed, never as markup
    assert "<et>" not in picture
