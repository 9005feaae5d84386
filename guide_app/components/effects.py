"""What a handler asks the browser to do, without sending it a script.

A script sent by a handler (rx.call_script, rx.scroll_to, rx.toast, rx.clear_selected_files returned from the
backend) is run by Reflex's client with eval(), which the Content-Security-Policy forbids (no 'unsafe-eval': see
core/security.py). So handlers set a state var, and the page holds a `when_changed` that runs a fixed piece of the
app's own JavaScript, compiled into the page, each time that var changes.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.components.component import field
from reflex_base.utils.imports import ImportDict
from reflex_base.vars.base import Var, VarData, get_unique_variable_name
from reflex_components_core.el.elements.typography import Div


class WhenChanged(Div):
    """An empty element whose hook runs `action` (JavaScript that reads the new value as `value`) each time
    `trigger` changes after the page is shown (not at its mount: the state may hold an earlier page's values)."""

    watched: Var[Any] = field(default=Var.create(""), is_javascript_property=False)
    trigger: Var[Any] = field(default=Var.create(0), is_javascript_property=False)
    action: str = field(default="", is_javascript_property=False)

    def add_imports(self) -> ImportDict:
        return {"react": ["useEffect", "useRef"]}

    def add_hooks(self) -> list[str | Var]:
        mounted = f"mounted_{get_unique_variable_name()}"  # the first run is the mount: the values are old news
        code = (
            f"const {mounted} = useRef(false);\n"
            f"useEffect(() => {{ if (!{mounted}.current) {{ {mounted}.current = true; return; }} "
            f"const value = {self.watched!s}; if ({self.trigger!s}) {{ {self.action} }} }}, [{self.trigger!s}]);"
        )
        data = VarData.merge(self.watched._get_all_var_data(), self.trigger._get_all_var_data())
        return [Var(_js_expr=code, _var_data=data)]


def when_changed(watched: Var[Any], action: str, *, trigger: Var[Any] | None = None) -> rx.Component:
    """`action` runs with `value` = `watched` whenever `trigger` (by default `watched` itself) changes to a truthy
    value."""
    return WhenChanged.create(
        watched=watched, trigger=watched if trigger is None else trigger, action=action, hidden=True
    )


def address_bar(url: Var[str], serial: Var[int]) -> rx.Component:
    """The address bar shows `url` (each time `serial` moves), without a navigation: React Router and on_load are
    left alone."""
    return when_changed(url, "window.history.replaceState(window.history.state, '', value);", trigger=serial)


def scroll_into_view(element_id: Var[str], serial: Var[int]) -> rx.Component:
    """The element whose id `element_id` holds comes into view each time `serial` moves."""
    return when_changed(element_id, "document.getElementById(value)?.scrollIntoView();", trigger=serial)
