import csv
import io
from datetime import UTC, datetime

from guide_app.quiz.diagnostic import UNKNOWN, diagnostic_bank
from guide_app.quiz.scoring import score_diagnostic
from guide_app.workshop.export import Contact, ParticipantRow, header, workshop_csv

BANK = diagnostic_bank()


def _participant(number, pseudonym="", contact=None, finished=True):
    answers = {q.id: q.answers[-1].id for q in BANK.questions}
    answers[BANK.questions[1].id] = UNKNOWN if BANK.questions[1].unknown else answers[BANK.questions[1].id]
    score = score_diagnostic(BANK, answers)
    return ParticipantRow(
        number=number,
        pseudonym=pseudonym,
        answers=answers,
        axis_scores=score.axes if finished else None,
        overall=score.overall if finished else None,
        level_id=score.level_id if finished else None,
        contact=contact,
    )


def _read(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


CONTACT = Contact(
    name="Camille Durand",
    company="Atelier Durand",
    email="camille@durand.fr",
    phone="",
    consent_version="contact-2026-11-1095j",
    consented_at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
)


def test_one_row_per_participant_with_answers_scores_and_level():
    rows = _read(workshop_csv(BANK, [_participant(2, "Renard"), _participant(1)]))
    assert rows[0] == header(BANK)
    assert [r[0] for r in rows[1:]] == ["Participant 1", "Renard"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Terminé"] == "oui"
    assert first[f"Q1 {BANK.questions[0].prompt}"] == BANK.questions[0].answers[-1].text
    assert first[f"{BANK.axes[0].label} (/100)"].isdigit()
    assert first["Niveau"] in {level.label for level in BANK.levels}


def test_contact_columns_are_empty_without_opt_in():
    text = workshop_csv(BANK, [_participant(1, "Renard"), _participant(2, "Hibou", contact=CONTACT)])
    rows = _read(text)
    contact_columns = [i for i, name in enumerate(rows[0]) if name.startswith("Contact")]
    anonymous = rows[1]
    assert all(anonymous[i] == "" for i in contact_columns)
    opted = dict(zip(rows[0], rows[2], strict=True))
    assert opted["Contact : nom"] == "Camille Durand"
    assert opted["Contact : e-mail"] == "camille@durand.fr"
    assert opted["Contact : consentement"] == "contact-2026-11-1095j, 20/11/2026 10:30 UTC"
    assert text.count("camille@durand.fr") == 1


def test_unfinished_participant_has_answers_but_no_scores():
    row = dict(zip(header(BANK), _read(workshop_csv(BANK, [_participant(1, finished=False)]))[1], strict=True))
    assert row["Terminé"] == "non" and row["Niveau"] == "" and row["Score global (/100)"] == ""


def test_a_pseudonym_cannot_become_a_spreadsheet_formula():
    rows = _read(workshop_csv(BANK, [_participant(1, '=HYPERLINK("http://x")'), _participant(2, "+33 Renard")]))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][0] == "'+33 Renard"
