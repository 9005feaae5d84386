"""The built stylesheet without the Radix Themes components the app never renders.

Radix's `components.css` styles every component of the library (selects, menus, tables, avatars, data lists…); the
app renders a few dozen of them, and a phone downloads and parses the whole stylesheet before it paints anything,
then matches every rule again at each update of the page. After the build, a rule is dropped when each selector of
its list names a Radix component class (`rt-Button`, `rt-SelectTrigger`: `rt-` and a capital) that no built script
contains: no page can put that class in its markup, since the pages' HTML is rendered by those same scripts.

Conservative on purpose: classes inside `:not()`, `:has()` or a list of alternatives (`:is(.a, .b)`) are not counted
(a single selector in `:where()` / `:is()` is), nor lower-case modifiers (`rt-variant-soft`, `rt-r-size-2`);
at-rules other than grouping ones are kept whole.

The trimmed stylesheet gets a new name from its content, and so does each hashed file naming it (the root script,
then the manifest naming that one), and the pages are rewritten to the new names: a file under /assets/ is cached
for good by name, so new content must never be served under a name a phone may already keep."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import tinycss2
from tinycss2.ast import AtRule, FunctionBlock, LiteralToken, QualifiedRule

COMPONENT_CLASS = re.compile(r"\brt-[A-Z][A-Za-z0-9]*\b")
GROUPING_AT_RULES = frozenset({"media", "supports", "layer", "container"})
# Vite's names (`root-O4XQ4MAh.js`) and React Router's manifest (`manifest-c5797f20.js`): a stem, 8 characters
HASHED_NAME = re.compile(r"^(?P<stem>.+)-(?P<hash>[A-Za-z0-9_-]{8})(?P<suffix>\.(?:js|css))$")


class StaleName(RuntimeError):
    """A hashed file could not be renamed after its content (a cycle of names, or a name Vite did not give)."""


def component_classes(scripts: str) -> frozenset[str]:
    return frozenset(COMPONENT_CLASS.findall(scripts))


def _required_classes(selector: list[Any]) -> set[str]:
    """The component classes an element must carry for `selector` (one of a list) to match it."""
    required: set[str] = set()
    for before, token in zip([None, *selector], selector, strict=False):
        if (
            token.type == "ident"
            and isinstance(before, LiteralToken)
            and before.value == "."
            and COMPONENT_CLASS.fullmatch(token.value)
        ):
            required.add(token.value)
    return required


def _is_comma(token: Any) -> bool:
    return isinstance(token, LiteralToken) and token.value == ","


def _compound(tokens: list[Any]) -> list[Any]:
    """`tokens` with each `:where(…)` / `:is(…)` of a single selector replaced by that selector (its classes are
    required as well), and every other function left out (`:not()`, `:has()`, lists of alternatives)."""
    flat: list[Any] = []
    for token in tokens:
        if not isinstance(token, FunctionBlock):
            flat.append(token)
        elif token.lower_name in ("where", "is") and not any(map(_is_comma, token.arguments)):
            flat.extend([LiteralToken(0, 0, " "), *_compound(token.arguments)])
    return flat


def _can_match(prelude: list[Any], live: frozenset[str]) -> bool:
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if _is_comma(token):
            selectors.append([])
        else:
            selectors[-1].append(token)
    return any(_required_classes(_compound(selector)) <= live for selector in selectors)


def _trimmed_rules(rules: list[Any], live: frozenset[str]) -> list[Any]:
    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule) and not _can_match(rule.prelude, live):
            continue
        if isinstance(rule, AtRule) and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = _trimmed_rules(tinycss2.parse_blocks_contents(rule.content), live)
            if not any(isinstance(child, (QualifiedRule, AtRule)) for child in inner):
                continue
            rule.content = inner
        kept.append(rule)
    return kept


def trim_stylesheet(css: str, live: frozenset[str]) -> str:
    """`css` without the rules no element carrying only the `live` component classes can match."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True)
    return str(tinycss2.serialize(_trimmed_rules(rules, live)))


def content_name(name: str, content: bytes) -> str:
    match = HASHED_NAME.match(name)
    if match is None:
        raise StaleName(f"{name}: not a hashed asset name")
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).decode()[:8]
    return f"{match['stem']}-{digest}{match['suffix']}"


def _text_files(client: Path) -> set[Path]:
    return {path for path in client.rglob("*") if path.suffix in (".html", ".js", ".css") and path.is_file()}


def _reference(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<=/)" + re.escape(name))  # `/assets/root-….js`, `./root-….js`


def _rename_everywhere(client: Path, changed: Path, renamed: dict[str, str]) -> Path:
    """`changed` (under client/assets, its new content written) takes its content's name; each file naming it is
    rewritten, and a hashed one renamed in turn (React Router's manifest names itself: its name is computed without
    that mention). Adds old → new names to `renamed`; returns the new path of `changed`."""
    files = _text_files(client)
    queue, first = [changed], None
    while queue:
        old = queue.pop(0)
        if old.name in renamed.values():
            raise StaleName(f"{old.name}: named again by a file it names")
        itself = _reference(old.name)
        content = old.read_text(encoding="utf-8")
        new = old.with_name(content_name(old.name, itself.sub("", content).encode()))
        new.write_text(itself.sub(new.name, content), encoding="utf-8")
        old.unlink()
        files = (files - {old}) | {new}
        renamed[old.name] = new.name
        first = first or new
        for path in sorted(files - {new}):
            text = path.read_text(encoding="utf-8")
            if itself.search(text):
                path.write_text(itself.sub(new.name, text), encoding="utf-8")
                if path.parent == client / "assets" and path not in queue:
                    queue.append(path)
    assert first is not None
    return first


def trim_built_stylesheets(client: Path) -> dict[str, tuple[int, int]]:
    """Trims every built stylesheet under client/assets (the build's static folder) to the component classes its
    scripts name; returns the new names with their sizes before and after."""
    assets = client / "assets"
    live = component_classes("".join(script.read_text(encoding="utf-8") for script in sorted(assets.glob("*.js"))))
    sizes = {}
    renamed: dict[str, str] = {}
    for sheet in sorted(assets.glob("*.css")):
        if not sheet.is_file():
            continue
        css = sheet.read_text(encoding="utf-8")
        trimmed = trim_stylesheet(css, live)
        if trimmed == css:
            continue
        sheet.write_text(trimmed, encoding="utf-8")
        new = _rename_everywhere(client, sheet, renamed)
        sizes[new.name] = (len(css.encode()), len(trimmed.encode()))
    for path in _text_files(client):
        text = path.read_text(encoding="utf-8")
        if stale := [name for name in renamed if name in text]:
            raise StaleName(f"{path.relative_to(client)} still names {', '.join(stale)}")
    return sizes
