import pytest
from pydantic import ValidationError

from guide_app.cases.risk import Channel, Tone
from guide_app.reminders.steps import MAX_STEPS, ScenarioStep, days_label, sort_steps, validate_steps


def raw(**changes):
    values = {
        "name": "Relance",
        "offset_days": "3",
        "channel": "email",
        "tone": "rappel",
        "subject": "Facture {facture}",
        "body": "Bonjour {contact}, la facture {facture} est échue depuis le {echeance}.",
    }
    return {**values, **changes}


def step(offset, channel=Channel.EMAIL, name="Étape"):
    return ScenarioStep(name=name, offset_days=offset, channel=channel, tone=Tone.RAPPEL, subject="Objet", body="Texte")


def test_days_label():
    assert days_label(-7) == "J−7"
    assert days_label(3) == "J+3"
    assert days_label(0) == "J+0"


def test_valid_steps_come_back_typed_and_sorted_by_offset():
    steps, errors = validate_steps([raw(name="B", offset_days="10"), raw(name="A", offset_days="-7")])
    assert errors == {}
    assert [(s.name, s.offset_days) for s in steps] == [("A", -7), ("B", 10)]
    assert steps[0].channel is Channel.EMAIL and steps[0].tone is Tone.RAPPEL


def test_offsets_as_shown_in_the_app_are_read():
    steps, errors = validate_steps([raw(offset_days="J−7"), raw(offset_days="+3", channel="sms", subject="")])
    assert errors == {}
    assert [s.offset_days for s in steps] == [-7, 3]


def test_sort_is_stable_on_the_same_day():
    first, second = step(10, Channel.EMAIL, "Mail"), step(10, Channel.APPEL, "Appel")
    assert sort_steps([step(20), first, second, step(-7)])[1:3] == [first, second]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Donnez un nom à cette étape."),
        ({"name": "x" * 61}, "name", "Le nom ne doit pas dépasser 60 caractères."),
        ({"offset_days": "181"}, "offset_days", "Choisissez un jour entre J−30 (30 jours avant l'échéance) et J+180."),
        ({"offset_days": "-31"}, "offset_days", "Choisissez un jour entre J−30 (30 jours avant l'échéance) et J+180."),
        ({"offset_days": "2,5"}, "offset_days", "Indiquez le jour en nombre de jours"),
        ({"offset_days": "demain"}, "offset_days", "Indiquez le jour en nombre de jours"),
        ({"offset_days": True}, "offset_days", "Valeur illisible"),
        ({"channel": "fax"}, "channel", "Choisissez un canal dans la liste."),
        ({"tone": "menaçant"}, "tone", "Choisissez un ton dans la liste."),
        ({"subject": ""}, "subject", "L'objet est obligatoire pour ce canal (E-mail)."),
        ({"subject": "x" * 151}, "subject", "L'objet ne doit pas dépasser 150 caractères."),
        ({"subject": ["liste"]}, "subject", "Valeur illisible"),
        ({"body": ""}, "body", "Le message est obligatoire."),
        ({"body": "x" * 2001}, "body", "Le message ne doit pas dépasser 2\u202f000 caractères."),
        ({"body": "Bonjour {client}"}, "body", "Champ inconnu : {client}."),
        ({"body": "Bonjour {contact"}, "body", "Accolade « { » jamais refermée"),
        ({"body": "Les frais de relance sont à votre charge."}, "body", "L111-8"),
        ({"subject": "Frais de recouvrement"}, "subject", "L111-8"),
    ],
)
def test_each_field_error_is_in_french(changes, field, message):
    steps, errors = validate_steps([raw(), raw(**{"name": "Autre", "offset_days": "20", **changes})])
    assert steps == []
    assert list(errors) == [1]
    assert message in errors[1][field]


def test_sms_and_call_may_have_no_subject():
    steps, errors = validate_steps([raw(channel="sms", subject=""), raw(channel="appel", subject=None)])
    assert errors == {}
    assert len(steps) == 2


def test_two_steps_on_the_same_day_and_channel_are_refused():
    _, errors = validate_steps([raw(), raw(name="Doublon"), raw(name="Appel", channel="appel", subject="")])
    assert errors == {
        1: {
            "offset_days": "Une autre étape utilise déjà ce canal le même jour (J+3) : "
            "regroupez-les ou changez de jour."
        }
    }


def test_missing_keys_are_errors_not_crashes():
    _, errors = validate_steps([{}])
    assert set(errors[0]) == {"name", "offset_days", "channel", "tone", "body"}


def test_whatever_a_client_sends_gives_errors_not_crashes():
    _, errors = validate_steps([raw(channel=["email"], tone={"x": 1}, name=42), "étape", None])
    assert errors[0] == {
        "name": "Valeur illisible : ressaisissez ce champ.",
        "channel": "Choisissez un canal dans la liste.",
        "tone": "Choisissez un ton dans la liste.",
    }
    assert errors[1] == errors[2] == {"name": "Valeur illisible : ressaisissez ce champ."}


def test_too_many_steps():
    _, errors = validate_steps([raw(offset_days=str(day)) for day in range(MAX_STEPS + 1)])
    assert list(errors) == [MAX_STEPS]


def test_scenario_steps_are_accepted_as_they_are():
    steps, errors = validate_steps([step(5), step(-3)])
    assert errors == {}
    assert [s.offset_days for s in steps] == [-3, 5]


def test_the_model_itself_refuses_what_validation_refuses():
    with pytest.raises(ValidationError):
        ScenarioStep(name="", offset_days=3, channel=Channel.SMS, tone=Tone.RAPPEL, body="x")
    with pytest.raises(ValidationError):
        ScenarioStep(name="A", offset_days=181, channel=Channel.SMS, tone=Tone.RAPPEL, body="x")
    with pytest.raises(ValidationError):
        ScenarioStep(name="A", offset_days=3, channel=Channel.EMAIL, tone=Tone.RAPPEL, body="x")  # no subject
    with pytest.raises(ValidationError):
        ScenarioStep(name="A", offset_days=3, channel=Channel.SMS, tone=Tone.RAPPEL, body="frais de relance : 5 €")
    with pytest.raises(ValidationError):
        ScenarioStep(name="A", offset_days=3, channel=Channel.SMS, tone=Tone.RAPPEL, body="{inconnu}")
