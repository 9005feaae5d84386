"""The owner's collection calendar, as an iCalendar feed a phone's calendar app subscribes to
(/compte/agenda.ics?cle=…): the calls, SMS, letters and hand-overs planned for the owner to do, the dates clients
promised to pay, and when each case's first unpaid invoice becomes time-barred (and three months before). All-day
events with stable UIDs, so an updated feed moves an event rather than duplicating it; amounts come from the ledger
on the day the feed is read. Built with the icalendar library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.limitation import LIMITATION_WARNING_DAYS, limitation
from guide_app.cases.risk import Channel, channel_label
from guide_app.core import routes
from guide_app.core.format import day, money
from guide_app.models import CollectionCase, Debtor, PaymentPromise

OWNER_CHANNELS = (Channel.SMS, Channel.APPEL, Channel.COURRIER, Channel.LRAR, Channel.PROFESSIONNEL)
HORIZON_DAYS = 400  # past events older than this are left out (a feed stays small)


@dataclass(frozen=True)
class AgendaEvent:
    uid: str  # stable: the same planned action is the same event in every version of the feed
    on: date
    title: str
    description: str
    url: str


def build_calendar(name: str, events: list[AgendaEvent], *, host: str, now: datetime) -> bytes:
    """The iCalendar text (RFC 5545) of these all-day events."""
    calendar = Calendar()
    calendar.add("prodid", "-//Guide Digital du Recouvrement//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")  # how often a calendar app should read it again
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.title)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")  # a reminder to act, not a busy slot
        calendar.add_component(event)
    return calendar.to_ical()


def agenda_events(session: Session, *, account_id: int, today: date, base_url: str) -> list[AgendaEvent]:
    """Every event of the account's open cases, oldest first."""
    since = today - timedelta(days=HORIZON_DAYS)
    events: list[AgendaEvent] = []
    open_cases = session.exec(
        select(CollectionCase, Debtor)
        .join(Debtor, col(Debtor.id) == CollectionCase.debtor_id)
        .where(CollectionCase.account_id == account_id, CollectionCase.status == "open")
    ).all()
    for case, debtor in open_cases:
        assert case.id is not None
        link = base_url.rstrip("/") + routes.case(case.id)
        owed = cases.case_ledger(session, case=case, on=today)
        still = f"Reste dû au {day(today)} : {money(owed.due)}."
        for action in store.case_actions(session, case=case):
            if action.status != "scheduled" or action.channel not in OWNER_CHANNELS or action.scheduled_for < since:
                continue
            contact = f" Téléphone : {debtor.phone}." if debtor.phone and action.channel in ("sms", "appel") else ""
            events.append(
                AgendaEvent(
                    uid=f"action-{action.id}",
                    on=action.scheduled_for,
                    title=f"{action.name} · {debtor.company_name}",
                    description=f"{channel_label(Channel(action.channel))}. {still}{contact}",
                    url=link,
                )
            )
        for promise in session.exec(
            select(PaymentPromise).where(PaymentPromise.case_id == case.id, PaymentPromise.status == "pending")
        ):
            events.append(
                AgendaEvent(
                    uid=f"promise-{promise.id}",
                    on=promise.promised_for,
                    title=(
                        f"Promesse de paiement · {debtor.company_name} · "
                        f"{money(store.from_cents(promise.amount_cents))}"
                    ),
                    description=f"{debtor.company_name} a promis de payer ce jour-là. {still}",
                    url=link,
                )
            )
        first = cases.first_limitation(session, case=case, owed=owed)
        if first is not None:
            text, _ = limitation(first.ends_on, today, acknowledged=first.acknowledged, kind=owed.terms.kind)
            warning = first.ends_on - timedelta(days=LIMITATION_WARNING_DAYS)
            for uid, on, title in (
                (f"limitation-{case.id}-{first.invoice}", first.ends_on, "Prescription"),
                (f"limitation-soon-{case.id}-{first.invoice}", warning, "Prescription dans 3 mois"),
            ):
                events.append(
                    AgendaEvent(
                        uid=uid,
                        on=on,
                        title=f"{title} · {debtor.company_name} · facture {first.invoice}",
                        description=text,
                        url=link,
                    )
                )
    return sorted(events, key=lambda event: (event.on, event.uid))
