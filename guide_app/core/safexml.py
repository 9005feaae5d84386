"""XML from outside (a bank statement, an e-invoice), read safely: a file that declares a DTD or entities is refused
before anything is parsed (an XML bomb or an external entity needs one, and neither a statement nor an invoice has
one), and lxml reads the rest with entities, DTDs and the network off."""

from __future__ import annotations

import re

from lxml import etree

from guide_app.core.parse import InputError

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def declares_dtd(data: bytes) -> bool:
    return _DTD.search(data) is not None


def parse_xml(data: bytes, *, refused: str, unreadable: str) -> etree._Element:
    """The document's root; InputError(`refused`) when it declares a DTD, InputError(`unreadable`) when it is not
    well-formed XML."""
    if declares_dtd(data):
        raise InputError(refused)
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise InputError(unreadable) from error
