"""The radar is valid Plotly JSON whose polygons put each axis score on its spoke."""

import json
import math

import plotly.graph_objects as go
import pytest

from guide_app.quiz.radar import radar

LABELS = ["Risque client", "Délais et facturation", "Processus de relance", "Outils"]


def test_plotly_accepts_the_radar_as_it_is_sent_to_the_browser():
    figure = go.Figure(radar(LABELS, [10, 55, 80, 100], [0, 20, 40, 60]))  # validates every property
    assert {trace.type for trace in figure.data} == {"scatter"}  # the light plotly bundle draws it
    json.dumps(radar(LABELS, [10, 55, 80, 100]))  # plain JSON for the state


@pytest.mark.parametrize("values", [[100, 0, 0, 0], [0, 50, 0, 0], [25, 25, 25, 25]])
def test_each_score_lies_on_its_spoke_at_its_distance_from_the_centre(values):
    today = radar(LABELS, values)["data"][-1]
    for index, value in enumerate(values):
        angle = math.pi / 2 - 2 * math.pi * index / len(values)  # clockwise from 12 o'clock
        assert today["x"][index] == pytest.approx(value / 100 * math.cos(angle))
        assert today["y"][index] == pytest.approx(value / 100 * math.sin(angle))
    assert (today["x"][-1], today["y"][-1]) == (today["x"][0], today["y"][0])  # closed


def test_the_previous_attempt_is_a_dashed_polygon_behind_today():
    without, with_previous = radar(LABELS, [50] * 4), radar(LABELS, [50] * 4, [20] * 4)
    assert len(with_previous["data"]) == len(without["data"]) + 1
    before, today = with_previous["data"][-2:]
    assert before["line"]["dash"] == "dash" and today["fill"] == "toself"
    assert before["y"][0] == pytest.approx(0.2) and today["y"][0] == pytest.approx(0.5)


def test_long_labels_wrap_on_several_lines():
    texts = [a["text"] for a in radar(LABELS, [0] * 4)["layout"]["annotations"]]
    assert texts[1] == "Délais et<br>facturation" and texts[0] == "Risque client"
