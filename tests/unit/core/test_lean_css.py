import re

import pytest

from guide_app.core.lean_css import StaleName, trim_built_stylesheets, trim_stylesheet

LIVE = frozenset({"rt-Button", "rt-BaseButton", "rt-CalloutRoot"})


def selectors(css: str) -> list[str]:
    return [rule.strip() for rule in re.findall(r"([^{}]+)\{[^{}]*\}", css)]


def test_rules_of_components_no_script_renders_are_dropped():
    css = (
        ".rt-Button{color:red}"
        ".rt-SelectTrigger{color:blue}"
        ".rt-SelectTrigger .rt-Button{color:green}"  # needs both: the select is never rendered
        ".rt-Button:where(.rt-variant-soft){color:gray}"  # lower-case modifiers are not components
        ".radix-themes{--x:1}"
        "body{margin:0}"
    )
    assert selectors(trim_stylesheet(css, LIVE)) == [
        ".rt-Button",
        ".rt-Button:where(.rt-variant-soft)",
        ".radix-themes",
        "body",
    ]


def test_a_rule_stays_when_one_selector_of_its_list_can_match():
    css = ".rt-SelectItem,.rt-BaseButton{padding:0}.rt-SelectItem,.rt-TableRow{padding:1px}"
    assert selectors(trim_stylesheet(css, LIVE)) == [".rt-SelectItem,.rt-BaseButton"]


def test_classes_an_element_may_lack_never_drop_a_rule():
    css = (
        ".rt-CalloutRoot:not(.rt-CalloutIcon){gap:0}"
        ".rt-Button:is(.rt-Dead,.rt-Other){gap:1px}"
        ".rt-Button:has(.rt-Dead){gap:2px}"
    )
    assert selectors(trim_stylesheet(css, LIVE)) == [
        ".rt-CalloutRoot:not(.rt-CalloutIcon)",
        ".rt-Button:is(.rt-Dead,.rt-Other)",
        ".rt-Button:has(.rt-Dead)",
    ]


def test_a_single_selector_in_where_or_is_is_required():
    css = (
        ":where(.rt-SelectTrigger:where(.rt-variant-ghost))>*{margin:0}"
        ":is(.rt-BaseButton) .rt-TableRow{margin:1px}"
        ":where(.rt-BaseButton:where(.rt-variant-ghost))>*{margin:2px}"
    )
    assert selectors(trim_stylesheet(css, LIVE)) == [":where(.rt-BaseButton:where(.rt-variant-ghost))>*"]


def test_grouping_rules_are_trimmed_inside_and_dropped_when_empty():
    css = (
        "@media (min-width:520px){.rt-TableRoot{margin:0}}"
        "@media (min-width:768px){.rt-TableRoot{margin:0}.rt-Button{margin:1px}}"
        "@keyframes rt-spin{from{rotate:0}to{rotate:360deg}}"
        "@layer components{.rt-AvatarRoot{width:1px}}"
    )
    out = trim_stylesheet(css, LIVE)
    assert "520px" not in out and "TableRoot" not in out and "@layer" not in out
    assert "@media (min-width:768px){.rt-Button{margin:1px}}" in out
    assert "@keyframes rt-spin" in out


def built(tmp_path, css: str, script: str):
    client = tmp_path / "client"
    (client / "assets").mkdir(parents=True)
    (client / "chapitres").mkdir()
    (client / "assets/__reflex_global_styles-Btr-gr1I.css").write_text(css)
    (client / "assets/root-O4XQ4MAh.js").write_text(f"const s=`/assets/__reflex_global_styles-Btr-gr1I.css`;{script}")
    (client / "assets/page-AbCdEf12.js").write_text('import{a}from"./root-O4XQ4MAh.js";')
    (client / "assets/manifest-c5797f20.js").write_text(
        'window.m={"url":"/assets/manifest-c5797f20.js","root":"/assets/root-O4XQ4MAh.js"}'
    )
    page = (
        '<link rel="stylesheet" href="/assets/__reflex_global_styles-Btr-gr1I.css"/>'
        '<script type="module">import "/assets/manifest-c5797f20.js";import "/assets/root-O4XQ4MAh.js";</script>'
    )
    (client / "index.html").write_text(page)
    (client / "chapitres/externaliser.html").write_text(page)
    return client


def test_the_trimmed_stylesheet_and_each_file_naming_it_get_new_names(tmp_path):
    client = built(tmp_path, ".rt-Button{color:red}.rt-SelectTrigger{color:blue}", 'c("rt-Button")')
    sizes = trim_built_stylesheets(client)

    names = sorted(path.name for path in (client / "assets").iterdir())
    assert "__reflex_global_styles-Btr-gr1I.css" not in names
    assert "root-O4XQ4MAh.js" not in names and "manifest-c5797f20.js" not in names
    sheet = next((client / "assets").glob("__reflex_global_styles-*.css"))
    root = next((client / "assets").glob("root-*.js"))
    manifest = next((client / "assets").glob("manifest-*.js"))
    assert sizes == {sheet.name: (50, 21)}
    assert sheet.read_text() == ".rt-Button{color:red}"
    assert f"/assets/{sheet.name}" in root.read_text()
    assert manifest.read_text() == f'window.m={{"url":"/assets/{manifest.name}","root":"/assets/{root.name}"}}'
    page = next((client / "assets").glob("page-*.js"))  # names the root script: renamed in turn
    assert page.name != "page-AbCdEf12.js" and page.read_text() == f'import{{a}}from"./{root.name}";'
    for page in (client / "index.html", client / "chapitres/externaliser.html"):
        html = page.read_text()
        assert all(f"/assets/{path.name}" in html for path in (sheet, root, manifest))


def test_the_new_names_follow_the_content(tmp_path):
    first = built(tmp_path / "a", ".rt-Button{color:red}.rt-Card{color:blue}", 'c("rt-Button")')
    second = built(tmp_path / "b", ".rt-Button{color:red}.rt-Card{color:blue}", 'c("rt-Button","rt-Card")')
    again = built(tmp_path / "c", ".rt-Button{color:red}.rt-Card{color:blue}", 'c("rt-Button")')
    for client in (first, second, again):
        trim_built_stylesheets(client)
    name = [sorted(path.name for path in (client / "assets").iterdir()) for client in (first, second, again)]
    assert name[0] == name[2]  # the same build, the same names: phones keep what they have
    assert set(name[0]).isdisjoint(name[1])  # one component more: new names down the chain


def test_a_build_with_nothing_to_trim_is_left_as_it_is(tmp_path):
    client = built(tmp_path, ".rt-Button{color:red}", 'c("rt-Button")')
    assert trim_built_stylesheets(client) == {}
    assert (client / "assets/__reflex_global_styles-Btr-gr1I.css").is_file()


def test_two_files_naming_each_other_stop_the_build(tmp_path):
    client = built(tmp_path, ".rt-Button{color:red}.rt-Card{color:blue}", 'c("rt-Button");import"./page-AbCdEf12.js"')
    with pytest.raises(StaleName):
        trim_built_stylesheets(client)
