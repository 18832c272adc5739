"""Stream an uploaded XML part through expat with defusedxml's refusals, within the budget.

No DTD, no entity declarations, no external references: defusedxml's rules (a workbook
needs none of them, and they are how billion-laughs and external-entity attacks work),
raised as defusedxml's own exceptions. The handlers are plain expat callbacks rather
than defusedxml's SAX reader, whose extra layer per element costs 2.5 µs instead of 1:
the element budget is what bounds the time of a hostile part, so that factor is its
refusal time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.parsers import expat

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from django.utils.translation import gettext_lazy as _

from lives_admin.invites.upload_budget import BudgetMeter, TableError

# Every tag and every text run lies between two "<" (neither an attribute value nor text
# may hold a raw "<"): a longer stretch is one token expat would keep whole in memory.
MAX_TOKEN_BYTES = 1024 * 1024
DAMAGED = _("This Excel file cannot be opened: it may be damaged.")
REFUSED_XML = _(
    "This file holds XML with a DTD or entity declarations, which no spreadsheet needs "
    "and which can be used to attack the server: it is refused. Save it again from your "
    "spreadsheet, or as CSV, and retry."
)

Start = Callable[[str, dict], None]  # (name as written, attributes)
End = Callable[[str], None]
Text = Callable[[str], None]


def _forbid_dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, is_parameter, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def local(name: str) -> str:
    """The element's name without its prefix (producers spell prefixes differently)."""
    return name.rpartition(":")[2]


def tag_in(tags: frozenset[str], name: str) -> str | None:
    """`name` without its prefix if it is one of `tags`: a set look-up for most elements."""
    if name in tags:
        return name
    if ":" in name:
        name = name.rpartition(":")[2]
        return name if name in tags else None
    return None


def stream_xml(
    chunks: Iterable[bytes],
    meter: BudgetMeter,
    *,
    start: Start,
    end: End | None = None,
    text: Text | None = None,
) -> None:
    # Names as written ("row", "x:row"): expat's namespace expansion doubles the cost of
    # each element, and a workbook's parts are told apart by their path, not their URI.
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    since_open = 0
    try:
        for chunk in chunks:
            first_open = chunk.find(b"<")
            if first_open < 0:
                since_open += len(chunk)
            elif since_open + first_open > MAX_TOKEN_BYTES:
                raise TableError(DAMAGED)
            else:
                since_open = len(chunk) - chunk.rfind(b"<")
            if since_open > MAX_TOKEN_BYTES:
                raise TableError(DAMAGED)
            # Start tags, empty ones too (a "<" and "/" split by a chunk's end counts once more).
            meter.count_elements(chunk.count(b"<") - chunk.count(b"</"))
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except DefusedXmlException as error:
        raise TableError(REFUSED_XML) from error
    except (expat.ExpatError, LookupError) as error:  # LookupError: an unknown encoding
        raise TableError(DAMAGED) from error
