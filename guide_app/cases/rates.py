"""Legal rates by half-year (content/rates.yaml) and the legal figures the penalty simulator computes with
(content/figures.yaml: the 40 € indemnity, the maximum payment terms), validated once per process."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from guide_app.core.content import CONTENT_DIR, ContentError, figures
from guide_app.core.parse import InputError, parse_amount

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Percent = Annotated[Decimal, Field(ge=0, le=100)]


def semester_start(day: date) -> date:
    """1 January or 1 July: the reference day whose rates apply to this day (L441-10)."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_semester(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def semester_name(start: date) -> str:
    return f"{'1er' if start.month == 1 else '2nd'} semestre {start.year}"


class Semester(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    ecb_rate: Percent
    ecb_source: Text
    penalty_rate: Percent
    legal_rate: Percent
    legal_source: Text
    confirmed: bool = True  # false: provisional, every figure computed with it says « taux à confirmer »

    @model_validator(mode="after")
    def _starts_a_half_year(self) -> Self:
        if self.start != semester_start(self.start) or self.start.day != 1:
            raise ValueError(f"{self.start}: a semester starts on 1 January or 1 July")
        return self

    @property
    def penalty_ratio(self) -> Decimal:
        return self.penalty_rate / 100

    @property
    def legal_ratio(self) -> Decimal:
        return self.legal_rate / 100


class Rates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    penalty_points: Percent
    public_points: Percent  # intérêts moratoires of a public buyer: ECB + these points (R2192-31)
    floor_multiple: Decimal = Field(gt=0)
    semesters: tuple[Semester, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for previous, following in zip(self.semesters, self.semesters[1:], strict=False):
            if following.start != next_semester(previous.start):
                raise ValueError(f"les semestres doivent se suivre sans trou : {previous.start} → {following.start}")
        for semester in self.semesters:
            if semester.penalty_rate != semester.ecb_rate + self.penalty_points:
                raise ValueError(f"{semester.start} : penalty_rate doit valoir ecb_rate + {self.penalty_points}")
        return self

    @property
    def first_start(self) -> date:
        return self.semesters[0].start

    @property
    def last_start(self) -> date:
        return self.semesters[-1].start

    def for_semester(self, start: date) -> tuple[Semester, bool]:
        """The semester's rates and whether they are confirmed; after the last known one, the latest known rates."""
        if start < self.first_start:
            raise KeyError(start)
        known = {semester.start: semester for semester in self.semesters}
        if start in known:
            return known[start], known[start].confirmed
        return self.semesters[-1], False

    def nearest(self, start: date) -> tuple[Semester, bool]:
        """Like for_semester, but a half-year before the first one known takes the first one's rates, unconfirmed
        (« taux à confirmer »): a case may hold an invoice older than the table."""
        if start < self.first_start:
            return self.semesters[0], False
        return self.for_semester(start)

    def floor(self, semester: Semester) -> Decimal:
        """The lowest rate a contract may set: 3 × the taux légal (as a ratio)."""
        return self.floor_multiple * semester.legal_ratio


@cache
def rates() -> Rates:
    raw = yaml.safe_load((CONTENT_DIR / "rates.yaml").read_text(encoding="utf-8"))
    return Rates.model_validate(raw)


class LegalTerms(BaseModel):
    model_config = ConfigDict(frozen=True)

    indemnity: Decimal  # per late invoice
    max_days: int  # from the invoice date
    max_days_end_of_month: int


@cache
def legal_terms() -> LegalTerms:
    """Read from the figures the guide shows, so each legal number is written once."""
    known = figures()
    terms = known["max_terms"]
    days = re.fullmatch(r"(\d+) jours", terms.value)
    end_of_month = re.search(r"(\d+) jours fin de mois", terms.label)
    if not days or not end_of_month:
        raise ContentError("figures.yaml: max_terms must read '60 jours' and mention 'NN jours fin de mois'")
    try:
        indemnity = parse_amount(known["legal_indemnity"].value)
    except InputError as error:
        raise ContentError("figures.yaml: legal_indemnity must be an amount in euros") from error
    return LegalTerms(
        indemnity=indemnity, max_days=int(days.group(1)), max_days_end_of_month=int(end_of_month.group(1))
    )


@cache
def legal_indemnity_per_invoice() -> Decimal:
    """40 € (D441-5), as the legal terms read it from content/figures.yaml, the one place it is written."""
    return legal_terms().indemnity


def semester_block(semester: Semester) -> str:
    """The YAML block of one half-year, as content/rates.yaml writes them."""
    lines = [
        f"  - start: {semester.start.isoformat()}",
        f'    ecb_rate: "{semester.ecb_rate}"',
        f'    ecb_source: "{semester.ecb_source}"',
        f'    penalty_rate: "{semester.penalty_rate}"',
        f'    legal_rate: "{semester.legal_rate}"',
        f'    legal_source: "{semester.legal_source}"',
    ]
    if not semester.confirmed:
        lines.append("    confirmed: false")
    return "\n".join(lines) + "\n"


def record_semester(text: str, semester: Semester) -> str:
    """content/rates.yaml with this half-year's rates: its block replaced, or added after the last one. Raises
    ContentError when the result is not a valid table (a gap, a penalty rate other than ECB + the points)."""
    blocks = re.split(r"(?m)^(?=  - start: )", text)
    head, known = blocks[0], blocks[1:]
    starts = [re.match(r"  - start: (\S+)", block).group(1) for block in known]  # type: ignore[union-attr]
    new = semester_block(semester)
    if semester.start.isoformat() in starts:
        index = starts.index(semester.start.isoformat())
        known[index] = new + ("\n" if known[index].endswith("\n\n") else "")
    else:
        if known and not known[-1].endswith("\n\n"):
            known[-1] += "\n"
        known.append(new)
    result = head + "".join(known)
    try:
        Rates.model_validate(yaml.safe_load(result))
    except ValidationError as error:
        cause = error.errors()[0].get("ctx", {}).get("error", error.errors()[0]["msg"])
        raise ContentError(f"rates.yaml ne serait plus valide : {cause}") from error
    return result
