"""Who may do what in an account: its owner, and the members the owner invited (/compte/equipe).

- « lecture »: sees everything, changes nothing;
- « gestion »: works the cases (payments, promises, disputes, notes, invoices, imports, bank statements, plans and
  hand-overs, holding or resuming a client's messages), but cannot manage the team, the account (its scenarios,
  IBAN, real sending, preferences) or its data (export, erasure);
- the owner: everything.
Each member's own things (password, calendar link, signing out) are theirs whatever the role. The handlers say what
they need with accounts.state.needs(); tests/integration/test_roles.py checks that every handler that writes does.
Pure: no database here.
"""

from __future__ import annotations

OWNER = "owner"
MANAGE = "gestion"
READ = "lecture"
MEMBER_ROLES: dict[str, str] = {  # as the team page says them
    READ: "Lecture : voit tout, ne modifie rien",
    MANAGE: "Gestion : traite les dossiers, sans gérer l'équipe, le compte ni ses données",
}
ROLE_NAMES: dict[str, str] = {OWNER: "Titulaire du compte", READ: "Lecture", MANAGE: "Gestion"}
_RANK = {READ: 0, MANAGE: 1, OWNER: 2}

REFUSALS: dict[str, str] = {
    MANAGE: "Votre accès à ce compte est en lecture seule : rien n'a été modifié. Demandez au titulaire du compte "
    "un accès « gestion » pour traiter les dossiers.",
    OWNER: "Seul le titulaire du compte gère l'équipe, les réglages du compte et ses données : rien n'a été modifié.",
}


def allows(role: str, needed: str) -> bool:
    """Whether a user of this role may do what needs `needed` (an unknown role may do nothing)."""
    return role in _RANK and _RANK[role] >= _RANK[needed]
