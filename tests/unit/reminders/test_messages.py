from guide_app.cases.risk import Channel, Tone
from guide_app.reminders.messages import default_messages, for_debtor
from guide_app.reminders.steps import ScenarioStep
from guide_app.reminders.templates import check_template, render, sample_context


def test_every_default_text_passes_check_template():
    for message in default_messages().values():
        assert check_template(message.subject) == [], message.id
        assert check_template(message.body) == [], message.id


def test_every_default_text_renders_with_the_sample_without_braces_left():
    for message in default_messages().values():
        text = render(message.subject + "\n" + message.body, sample_context())
        assert "{" not in text and "}" not in text, message.id


def test_amicable_reminders_before_the_last_one_do_not_mention_penalties():
    for message_id in ("pre_relance", "relance", "relance_ferme"):
        assert "{penalites}" not in default_messages()[message_id].body


def test_last_reminders_mention_penalties_and_the_legal_indemnity():
    for message_id in ("derniere_relance", "derniere_relance_sms", "mise_en_demeure"):
        body = default_messages()[message_id].body
        assert "{penalites}" in body and "{indemnite}" in body and "{total_du}" in body, message_id


def test_mise_en_demeure_cites_article_1344_gives_8_days_and_states_the_amounts():
    message = default_messages()["mise_en_demeure"]
    text = render(message.body, sample_context())
    assert "Mise en demeure" in message.subject
    assert "article 1344 du Code civil" in text
    assert "dans un délai de 8 jours à compter de la réception de la présente lettre" in text
    assert "2\u202f400,00\u00a0€" in text  # principal
    assert "15,98\u00a0€" in text  # penalties
    assert "indemnité forfaitaire pour frais de recouvrement : 40,00\u00a0€" in text
    assert "2\u202f455,98\u00a0€" in text  # total


def test_pre_reminder_offers_the_payment_link():
    assert "{lien_paiement}" in default_messages()["pre_relance"].body


def test_sms_fits_in_three_text_messages():
    text = render(default_messages()["derniere_relance_sms"].body, sample_context())
    assert len(text) <= 3 * 153
    assert "\n" not in text


def test_a_consumer_gets_the_consumer_variant_of_a_default_text_and_an_edited_text_as_written():
    messages = default_messages()
    default = ScenarioStep(
        name="Mise en demeure",
        offset_days=30,
        channel=Channel.LRAR,
        tone=Tone.FORMEL,
        subject=messages["mise_en_demeure"].subject,
        body=messages["mise_en_demeure"].body,
    )
    edited = default.model_copy(update={"body": default.body + "\\nPS : écrit à la main."})
    consumer, kept = for_debtor([default, edited], "particulier")
    assert consumer.body == messages["mise_en_demeure_particulier"].body and "L441-10" not in consumer.body
    assert kept == edited
    assert for_debtor([default], "professionnel") == [default] and for_debtor([default], "public") == [default]


def test_the_first_messages_point_the_debtor_to_the_data_notice():
    for first in ("pre_relance", "relance"):
        text = render(default_messages()[first].body, sample_context())
        assert "RGPD, art. 14" in text and "https://guide-recouvrement.fr/payer/exemple" in text.split("RGPD")[1]
