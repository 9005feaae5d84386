"""The form sweep: every form handler of every state gets hostile form dicts from hypothesis (missing keys, empty,
negative, huge, NaN, wrong types, markup, SQL-ish text, odd unicode, invalid SIREN/IBAN/e-mail/phone/dates) mixed
with values a user would type. Whatever arrives: no exception escapes; a refusal shows a French message under a
key the page displays for that form and saves nothing; an acceptance saves exactly what the parsers read.

The form map lives in form_specs.py; a new handler taking `form_data`, or a new field on a form, fails
test_every_form_handler_is_in_the_sweep until it is added there. GUIDE_SWEEP_EXAMPLES deepens the search."""

from __future__ import annotations

import inspect
import json
import os
import re
from functools import cache
from typing import Any

import pytest
import reflex as rx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from reflex.components.component import Component
from sqlalchemy import func, literal, union_all
from sqlmodel import SQLModel, select

from guide_app import guide_app as app_module
from guide_app.accounts import passwords
from tests.integration.form_specs import SPECS, FormSpec, _app_states, run_handler

settings.register_profile(
    "form-sweep",
    max_examples=int(os.environ.get("GUIDE_SWEEP_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCRIPT = "<script>alert(1)</script>"
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\t\n ",
            "-1",
            "-0,01",
            "0",
            "0,001",
            "12,345",
            "1e3",
            "1e9999",
            "NaN",
            "nan",
            "inf",
            "-Infinity",
            "9" * 40,
            "1" * 5000,
            SCRIPT,
            "<b>Gras</b> SARL",
            "{{ 7*7 }}",
            "Robert'); DROP TABLE account;--",
            "' OR '1'='1",
            "\u202eSARL\u0000\u200b",
            "Ｏｎｅ ١٢٣",
            "😀" * 30,
            "123456789",
            "732 829 321",
            "FR76 3000 6000 0112 3456 7890 188",
            "pas-un-email",
            "a@b",
            "+33 6",
            "06 12 34 56 78 90 12 34",
            "31/02/2026",
            "2026-13-01",
            "00/00/0000",
            "1899-12-31",
            "31/12/9999",
            "oui",
        ]
    ),
    st.text(max_size=30),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
)
MISSING = object()
NOT_A_FORM = st.sampled_from([None, [], ["a", "b"], "form", 42, True, {"": ""}])
FRENCH = re.compile(
    r"\b(le|la|les|de|des|du|un|une|est|doit|ce|cette|votre|vos|ne|pas|au|aux|en)\b|[àâçéèêîôùû«]", re.I
)
ENGLISH = re.compile(r"\b(the|is|must|should|field|required|invalid|value|input|error|expected)\b", re.I)


def _index_free(name: str) -> str:
    """The invoice lines of the first-case form repeat fields number_0 … number_9: one name for all."""
    return re.sub(r"_\d+$", "_N", name)


@st.composite
def hostile_forms(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]]) -> Any:
    """A form a user would fill, with some fields (none, a few, or all) replaced by hostile values or removed."""
    if draw(st.integers(0, 19)) == 0:
        return draw(NOT_A_FORM)
    form = {name: draw(good) for name, good in fields.items()}
    for name in draw(st.sets(st.sampled_from(sorted(fields)), max_size=len(fields))):
        value = draw(st.one_of(HOSTILE, st.just(MISSING)))
        if value is MISSING:
            del form[name]
        else:
            form[name] = value
    return form


# --- The app's forms, read from its pages -----------------------------------------------------------


def _tree(component: Component) -> list[Component]:
    found = [component]
    for child in component.children:
        if isinstance(child, Component):
            found += _tree(child)
    return found


@cache
def _page_forms() -> dict[str, list[tuple[list[str], str, str]]]:
    """Handler qualname → for each form submitting to it: (input names, the form's code, the rest of its page)."""
    forms: dict[str, list[tuple[list[str], str, str]]] = {}
    for page in app_module.app._unevaluated_pages.values():
        root = page.component() if callable(page.component) else page.component
        page_code = str(root)
        for component in _tree(root):
            submit = component.event_triggers.get("on_submit") if type(component).__name__ == "Form" else None
            if submit is None:
                continue
            code = str(component)
            names = re.findall(r'\bname:"([A-Za-z_0-9]+)"', code)
            for sent in submit.events:
                forms.setdefault(sent.handler.fn.__qualname__, []).append((names, code, page_code.replace(code, "")))
    return forms


def _form_handlers() -> dict[str, tuple[type[rx.State], str]]:
    """Every handler of an app state with a `form_data` parameter, by the qualname of its function."""
    found = {}
    for cls in _app_states():
        for name, handler in cls.event_handlers.items():
            if "form_data" in inspect.signature(handler.fn).parameters:
                owner = next(c for c in _app_states() if c.__name__ == handler.fn.__qualname__.split(".")[0])
                found[handler.fn.__qualname__] = (owner, name)
    return found


def _spec_name(key: tuple[type[rx.State], str]) -> str:
    return f"{key[0].__name__}.{key[1]}"


def _error_keys(spec_key: tuple[type[rx.State], str], spec: FormSpec, *, within_form: bool) -> set[str]:
    """The keys of the error var this page displays: in the form, or anywhere on the page outside every form."""
    var = re.escape(str(getattr(spec_key[0], spec.errors)))
    keys: set[str] = set()
    for _, code, rest in _page_forms()[_spec_name(spec_key)]:
        keys |= set(re.findall(var + r'\?\.\["(\w+)"\]', code if within_form else rest))
    return keys


def test_every_form_handler_is_in_the_sweep():
    handlers = _form_handlers()
    assert len(handlers) >= 20
    assert set(handlers) == {_spec_name(key) for key in SPECS}, "add the new form handler to form_specs.SPECS"
    assert set(_page_forms()) <= set(handlers), "a page submits a form to a handler without a form_data parameter"
    for key, spec in SPECS.items():
        forms = _page_forms().get(_spec_name(key))
        assert forms, f"{_spec_name(key)}: no page submits a form to it"
        for names, code, rest in forms:
            assert {_index_free(n) for n in names} == {_index_free(n) for n in spec.fields}, _spec_name(key)
            shown = str(getattr(key[0], spec.errors))
            assert shown in code or shown in rest, f"{_spec_name(key)}: {spec.errors} is not displayed"


# --- The sweep --------------------------------------------------------------------------------------


def _counts() -> dict[str, tuple[int, int]]:
    """(row count, highest id) of every table, in one query."""
    tables = SQLModel.metadata.tables
    query = union_all(
        *(
            select(literal(name), func.count(), func.coalesce(func.max(table.c.id), 0)).select_from(table)
            for name, table in tables.items()
        )
    )
    with rx.session() as session:
        return {name: (count, highest) for name, count, highest in session.connection().execute(query)}


def _new_rows(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    with rx.session() as session:
        for name, table in SQLModel.metadata.tables.items():
            if after[name][1] > before[name][1]:
                query = select(table).where(table.c.id > before[name][1]).order_by(table.c.id)
                rows[name] = [dict(row._mapping) for row in session.connection().execute(query)]
    return rows


def _is_french_message(message: object) -> bool:
    """Some French for a person (no English from a library), and never the markup that was typed."""
    if not isinstance(message, str) or not message.strip() or "<script" in message or "<b>" in message:
        return False
    return bool(FRENCH.search(message)) and not ENGLISH.search(message)


@pytest.fixture(scope="module", autouse=True)
def quick_hashes():
    """Argon2 at its lowest cost for this module (a second a hash on this machine otherwise): the sweep is about
    forms; hashes made before still verify, their parameters being in the hash."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),)))
        yield


@pytest.mark.parametrize("key", list(SPECS), ids=[_spec_name(key) for key in SPECS])
@settings(settings.get_profile("form-sweep"))
@given(data=st.data())
def test_every_form_refuses_bad_input_in_french_and_saves_only_what_it_parsed(key, data):
    cls, name = key
    spec = SPECS[key]
    state = spec.open()
    spec.setup(state)
    args = spec.args(state)
    form = data.draw(hostile_forms(spec.fields), label="form")
    before, watched = _counts(), spec.watch()
    try:
        run_handler(getattr(cls, name), state, *args, form)
    except Exception as error:  # a server error is what the sweep looks for
        pytest.fail(f"{_spec_name(key)} raised {type(error).__name__}: {error}")
    after = _counts()
    shown = getattr(state, spec.errors)
    messages = dict(shown) if isinstance(shown, dict) else ({"": shown} if shown else {})
    event("refused" if messages else "accepted")  # pytest --hypothesis-show-statistics shows the split
    if messages:
        changed = [table for table in after if after[table] != before[table]]
        assert not changed and spec.watch() == watched, f"refused with {messages} but saved in {changed}"
        assert all(_is_french_message(text) for text in messages.values()), messages
        if isinstance(shown, dict):
            allowed = _error_keys(key, spec, within_form=True) | _error_keys(key, spec, within_form=False)
            assert set(messages) <= allowed, f"{set(messages) - allowed} not shown on the page (shows {allowed})"
        return
    rows = _new_rows(before, after)
    for saved in (json.dumps(rows, default=str), spec.watch()):
        assert "<" not in saved and ">" not in saved, f"markup saved: {saved[:300]}"
    filled = {**dict.fromkeys(spec.fields, ""), **(form if isinstance(form, dict) else {})}  # missing reads as ""
    spec.check(filled, state, rows)
