"""The default reminder scenario per client risk category, adapted to the user's maturity and profile.

Explainable on purpose: build_default_scenario returns the steps together with the French reasons for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from guide_app.cases.risk import Channel, RiskCategory, Tone
from guide_app.cases.terms import check_terms
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.reminders.messages import default_messages
from guide_app.reminders.steps import MIN_OFFSET, ScenarioStep, days_label, sort_steps

EARLY_OFFSET_GAP = 7  # the extra pre-reminder comes this many days before the first one
OVERDUE_SHARE_ALERT = Decimal("0.3")  # above this share of late invoices, remind earlier
SLOW_PAYERS_DAYS = 15  # DSO beyond agreed terms by more than this: clients pay late on average


@dataclass(frozen=True)
class _Blueprint:
    name: str
    message: str  # id in content/messages.yaml
    channel: Channel
    offsets: tuple[int, int, int]  # confiance, standard, a_risque
    tones: tuple[Tone, Tone, Tone]


_C, _R, _F, _M = Tone.COURTOIS, Tone.RAPPEL, Tone.FERME, Tone.FORMEL
_RISK_COLUMN = {RiskCategory.CONFIANCE: 0, RiskCategory.STANDARD: 1, RiskCategory.A_RISQUE: 2}

# The typical scenario of domain-facts.md in the middle column; riskier clients get earlier and
# firmer steps, trusted ones softer and later. The same eight steps in each, so they compare one to one.
_TYPICAL = (
    _Blueprint("Rappel avant échéance", "pre_relance", Channel.EMAIL, (-5, -7, -10), (_C, _C, _R)),
    _Blueprint("Première relance", "relance", Channel.EMAIL, (7, 3, 1), (_C, _R, _R)),
    _Blueprint("Relance ferme", "relance_ferme", Channel.EMAIL, (15, 10, 7), (_R, _F, _F)),
    _Blueprint("Appel : obtenir une date de paiement", "appel", Channel.APPEL, (15, 10, 7), (_R, _F, _F)),
    _Blueprint("Dernière relance amiable", "derniere_relance", Channel.EMAIL, (30, 20, 14), (_F, _F, _F)),
    _Blueprint("SMS de dernière relance", "derniere_relance_sms", Channel.SMS, (30, 20, 14), (_F, _F, _F)),
    # After a step that gives the debtor 8 days from receipt, the next one waits for them (schedule.deadline_gap).
    _Blueprint("Mise en demeure", "mise_en_demeure", Channel.LRAR, (45, 30, 24), (_M, _M, _M)),
    _Blueprint("Transmission à un professionnel", "transmission", Channel.PROFESSIONNEL, (60, 45, 38), (_M, _M, _M)),
)
# Indices in _TYPICAL quoted by the explanations.
_FIRST_REMINDER, _LAST_AMICABLE, _FORMAL_NOTICE, _HAND_OVER = 1, 4, 6, 7


def _step(name: str, message_id: str, channel: Channel, offset: int, tone: Tone) -> ScenarioStep:
    message = default_messages()[message_id]
    return ScenarioStep(
        name=name, offset_days=offset, channel=channel, tone=tone, subject=message.subject, body=message.body
    )


def _decimal(profile: Mapping[str, object], key: str) -> Decimal | None:
    value = profile.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(profile: Mapping[str, object], key: str) -> int | None:
    value = _decimal(profile, key)
    return int(value) if value is not None and value == value.to_integral_value() and 0 <= value <= 730 else None


@dataclass(frozen=True)
class DefaultScenario:
    steps: list[ScenarioStep]
    reasons: list[str]  # why the scenario looks like this, in plain French


def _risk_reason(risk: RiskCategory) -> str:
    column = _RISK_COLUMN[risk]
    first, formal, last = (
        days_label(_TYPICAL[i].offsets[column]) for i in (_FIRST_REMINDER, _FORMAL_NOTICE, _HAND_OVER)
    )
    if risk is RiskCategory.A_RISQUE:
        return (
            "Client à risque : les étapes arrivent plus tôt et le ton se raffermit plus vite — première "
            f"relance à {first}, mise en demeure à {formal}, transmission à un professionnel à {last}."
        )
    if risk is RiskCategory.CONFIANCE:
        return (
            "Client de confiance : un ton plus doux et des étapes plus espacées — première relance à "
            f"{first}, mise en demeure à {formal} seulement, transmission à un professionnel à {last}."
        )
    return (
        f"Client standard : le scénario type, de la première relance à {first} à la mise en demeure à "
        f"{formal}, puis la transmission à un professionnel à {last}."
    )


def _level_reason(level_id: str | None, first_reminder: int) -> str | None:
    if level_id == "debutant":
        return (
            f"Vous débutez : un simple coup de téléphone dès {days_label(first_reminder)} garde le contact "
            "humain et règle souvent un oubli ou une facture égarée. Pas de SMS pour commencer : un canal de "
            "moins à suivre."
        )
    label = next((level.label for level in diagnostic_bank().levels if level.id == level_id), None)
    if label is None:
        return None
    return f"Niveau « {label} » : vous gardez le scénario complet, e-mail, appel et SMS compris."


def build_default_scenario(
    risk: RiskCategory, *, level_id: str | None = None, profile: Mapping[str, object] | None = None
) -> DefaultScenario:
    """The steps to pre-fill, and the reasons for them (shown to the user next to the scenario)."""
    column = _RISK_COLUMN[risk]
    steps = [_step(b.name, b.message, b.channel, b.offsets[column], b.tones[column]) for b in _TYPICAL]
    first_reminder = _TYPICAL[_FIRST_REMINDER].offsets[column]
    reasons = [_risk_reason(risk)]
    if level_id == "debutant":
        # Human contact first, and one channel less to learn.
        steps = [step for step in steps if step.channel is not Channel.SMS]
        steps.append(_step("Appel de courtoisie", "appel_courtois", Channel.APPEL, first_reminder, Tone.COURTOIS))
    level_reason = _level_reason(level_id, first_reminder)
    if level_reason:
        reasons.append(level_reason)
    early = _early_reasons(profile or {})
    if early:
        offset = max(MIN_OFFSET, min(step.offset_days for step in steps) - EARLY_OFFSET_GAP)
        steps.append(_step("Rappel anticipé", "pre_relance", Channel.EMAIL, offset, Tone.COURTOIS))
        reasons += [*early, f"Un rappel supplémentaire part donc dès {days_label(offset)}, avant le rappel habituel."]
    terms = _whole(profile or {}, "payment_terms")
    warning = check_terms(terms, end_of_month=False) if terms is not None and terms <= 365 else None
    if warning:
        reasons.append(warning)
    reasons += [
        f"Dès {days_label(_TYPICAL[_LAST_AMICABLE].offsets[column])}, les messages rappellent les pénalités de "
        "retard et l'indemnité forfaitaire pour frais de recouvrement, dues de plein droit (Code de commerce, "
        "art. L441-10 et D441-5).",
        "La mise en demeure part en lettre recommandée avec accusé de réception : elle fait courir les intérêts "
        "et précède la plupart des procédures (Code civil, art. 1344).",
        "Vos frais de relance restent à votre charge : aucun message ne les réclame au client (Code des "
        "procédures civiles d'exécution, art. L111-8).",
        "Une action qui tombe un week-end ou un jour férié est décalée au jour ouvré suivant.",
    ]
    if level_id == "debutant":
        reasons.append("« J−7 » veut dire 7 jours avant la date d'échéance de la facture ; « J+3 », 3 jours après.")
    return DefaultScenario(steps=sort_steps(steps), reasons=reasons)


def _early_reasons(profile: Mapping[str, object]) -> list[str]:
    reasons: list[str] = []
    share = _decimal(profile, "overdue_share")
    if share is not None and OVERDUE_SHARE_ALERT < share <= 1:
        reasons.append(f"Vous avez indiqué {round(share * 100)} % de factures payées en retard.")
    dso, terms = _whole(profile, "dso"), _whole(profile, "payment_terms")
    if dso is not None and terms is not None and dso - terms > SLOW_PAYERS_DAYS:
        reasons.append(
            f"Votre DSO ({dso} jours) dépasse de {dso - terms} jours vos délais de paiement ({terms} jours) : "
            "vos clients paient en moyenne bien après l'échéance."
        )
    return reasons


def default_scenario(
    risk: RiskCategory, *, level_id: str | None = None, profile: Mapping[str, object] | None = None
) -> list[ScenarioStep]:
    return build_default_scenario(risk, level_id=level_id, profile=profile).steps


def explain_scenario(
    risk: RiskCategory, *, level_id: str | None = None, profile: Mapping[str, object] | None = None
) -> list[str]:
    return build_default_scenario(risk, level_id=level_id, profile=profile).reasons
