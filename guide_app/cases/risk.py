"""The vocabulary of a reminder scenario: client risk categories, channels and tones, with French labels.

Values are short French slugs: they are stored in the database and sent to the browser as they are.
"""

from __future__ import annotations

from enum import StrEnum


class RiskCategory(StrEnum):
    CONFIANCE = "confiance"
    STANDARD = "standard"
    A_RISQUE = "a_risque"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    APPEL = "appel"  # phone call: the body is a call script
    COURRIER = "courrier"  # ordinary letter
    LRAR = "lrar"  # registered letter with acknowledgment: the mise en demeure
    PROFESSIONNEL = "professionnel"  # hand-over to a collection agency or a commissaire de justice


class Tone(StrEnum):
    """From the softest to the most formal; `TONE_RANK` orders them."""

    COURTOIS = "courtois"
    RAPPEL = "rappel"
    FERME = "ferme"
    FORMEL = "formel"  # mise en demeure and beyond


RISK_LABELS: dict[RiskCategory, str] = {
    RiskCategory.CONFIANCE: "Client de confiance",
    RiskCategory.STANDARD: "Standard",
    RiskCategory.A_RISQUE: "À risque",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.EMAIL: "E-mail",
    Channel.SMS: "SMS",
    Channel.APPEL: "Appel téléphonique",
    Channel.COURRIER: "Courrier simple",
    Channel.LRAR: "Lettre recommandée (mise en demeure)",
    Channel.PROFESSIONNEL: "Transmission à un professionnel",
}

TONE_LABELS: dict[Tone, str] = {
    Tone.COURTOIS: "Courtois",
    Tone.RAPPEL: "Rappel",
    Tone.FERME: "Ferme",
    Tone.FORMEL: "Formel (mise en demeure)",
}

TONE_RANK: dict[Tone, int] = {tone: rank for rank, tone in enumerate(Tone)}

# Channels whose message has a subject line (an e-mail's subject, a letter's « Objet : »).
CHANNELS_WITH_SUBJECT = frozenset({Channel.EMAIL, Channel.COURRIER, Channel.LRAR, Channel.PROFESSIONNEL})


def channel_label(channel: Channel) -> str:
    return CHANNEL_LABELS[channel]


def tone_label(tone: Tone) -> str:
    return TONE_LABELS[tone]
