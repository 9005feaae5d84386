"""The room's radar drawn without Plotly objects matches the result page's radar."""

import json

from guide_app.charts import radar_data, radar_figure


def test_radar_data_draws_the_same_polygons_and_labels_as_radar_figure():
    labels = ["Risque client", "Délais et facturation", "Processus de relance", "Outils"]
    values = [10, 55, 80, 100]
    slow = json.loads(radar_figure(labels, values).to_json())
    fast = radar_data(labels, values)
    assert [(t["x"], t["y"]) for t in fast["data"]] == [(t["x"], t["y"]) for t in slow["data"]]
    assert [a["text"] for a in fast["layout"]["annotations"]] == [a["text"] for a in slow["layout"]["annotations"]]
    assert fast["layout"]["yaxis"]["range"] == slow["layout"]["yaxis"]["range"]
    json.dumps(fast)  # plain JSON
