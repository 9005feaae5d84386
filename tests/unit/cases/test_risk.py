from guide_app.cases.risk import (
    RISK_LABELS,
    TONE_RANK,
    Channel,
    RiskCategory,
    Tone,
    channel_label,
    tone_label,
)


def test_values_are_the_stored_french_slugs():
    assert [c.value for c in Channel] == ["email", "sms", "appel", "courrier", "lrar", "professionnel"]
    assert [t.value for t in Tone] == ["courtois", "rappel", "ferme", "formel"]
    assert [r.value for r in RiskCategory] == ["confiance", "standard", "a_risque"]
    assert Channel("lrar") is Channel.LRAR


def test_every_member_has_a_french_label():
    assert RISK_LABELS[RiskCategory.CONFIANCE] == "Client de confiance"
    assert RISK_LABELS[RiskCategory.A_RISQUE] == "À risque"
    assert channel_label(Channel.APPEL) == "Appel téléphonique"
    assert channel_label(Channel.LRAR) == "Lettre recommandée (mise en demeure)"
    assert channel_label(Channel.PROFESSIONNEL) == "Transmission à un professionnel"
    assert all(tone_label(t) for t in Tone)
    assert all(channel_label(c) for c in Channel)
    assert all(RISK_LABELS[r] for r in RiskCategory)


def test_tones_are_ranked_from_softest_to_most_formal():
    assert TONE_RANK[Tone.COURTOIS] < TONE_RANK[Tone.RAPPEL] < TONE_RANK[Tone.FERME] < TONE_RANK[Tone.FORMEL]
