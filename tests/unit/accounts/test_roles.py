from guide_app.accounts.roles import MANAGE, MEMBER_ROLES, OWNER, READ, REFUSALS, allows


def test_a_reader_changes_nothing_a_manager_works_cases_and_only_the_owner_runs_the_account():
    assert [allows(role, MANAGE) for role in (READ, MANAGE, OWNER)] == [False, True, True]
    assert [allows(role, OWNER) for role in (READ, MANAGE, OWNER)] == [False, False, True]
    assert all(allows(role, READ) for role in (READ, MANAGE, OWNER))


def test_unknown_roles_may_do_nothing_and_members_get_only_member_roles():
    for role in ("advisor", "admin", "", "OWNER", "gestion "):
        assert not allows(role, READ)
    assert set(MEMBER_ROLES) == {READ, MANAGE}
    assert set(REFUSALS) == {MANAGE, OWNER} and all("rien n'a été modifié" in text for text in REFUSALS.values())
