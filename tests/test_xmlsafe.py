"""The hardened XML reader (generator/content/xmlsafe.py): no DTD in any encoding, and bounds on what is read.

tests/test_import.py runs it on whole workbooks; here each rule is held on its own, as another import
(a CRM export) will use it.
"""

from __future__ import annotations

import codecs
import io
import time

import pytest

from generator.content.xmlsafe import Bounds, Reader, Refused, looks_like_xml

WIDE = Bounds(document_bytes=10**9, total_bytes=10**9, elements=10**8, seconds=60)
LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {name} "{f"&{inner};" * 10}">'
                                              for inner, name in zip("abcdefghi", "bcdefghij", strict=True))


def refusal(data: bytes, bounds: Bounds = WIDE, reader: Reader | None = None) -> Refused:
    with pytest.raises(Refused) as caught:
        (reader or Reader(bounds)).check(io.BytesIO(data))
    return caught.value


@pytest.mark.parametrize(("encoding", "bom", "declared"), [
    ("utf-8", b"", "UTF-8"),
    ("utf-8", codecs.BOM_UTF8, "UTF-8"),
    ("utf-8", b"", None),
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
    ("utf-16-le", codecs.BOM_UTF16_LE, None),
    ("cp1252", b"", "windows-1252"),
])
@pytest.mark.parametrize("subset", [f"[{LAUGHS}]", '[<!ENTITY x SYSTEM "file:///etc/passwd">]', 'SYSTEM "x.dtd"', ""])
def test_a_document_type_is_refused_in_every_encoding(encoding: str, bom: bytes, declared: str | None,
                                                      subset: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else ""
    data = bom + f"{declaration}<!DOCTYPE root {subset}><root>&j;</root>".encode(encoding)
    assert looks_like_xml(data)
    started = time.monotonic()
    refused = refusal(data)
    assert time.monotonic() - started < 1
    assert (refused.kind, refused.line, refused.message) == (
        "dtd", 2 if declared else 1, "the XML declares a document type (<!DOCTYPE …>)")


def test_the_declaration_is_refused_before_its_subset_is_read() -> None:
    """The subset after the declaration is never parsed: a subset of a billion characters would cost nothing."""
    reader = Reader(WIDE)
    chunks = iter([b"<!DOCTYPE root [", b"<!ENTITY a 'a'>" * 1000])
    stream = io.BytesIO()
    stream.read = lambda size=-1: next(chunks, b"")  # type: ignore[method-assign]
    with pytest.raises(Refused) as caught:
        reader.check(stream)
    assert caught.value.kind == "dtd"
    assert reader.total_bytes == len(b"<!DOCTYPE root [")


def test_plain_xml_is_read_and_parsed() -> None:
    reader = Reader(WIDE)
    reader.check(io.BytesIO(b'<?xml version="1.0"?><a><b x="1">&amp;&#65;</b></a>'))
    root = reader.parse(io.BytesIO(codecs.BOM_UTF16_LE + '<a><b x="1">é</b></a>'.encode("utf-16-le")))
    assert (root.tag, root[0].attrib, root[0].text) == ("a", {"x": "1"}, "é")
    assert reader.elements == 4


@pytest.mark.parametrize(("data", "message"), [
    (b"<a>&x;</a>", "the XML is not well-formed: undefined entity"),
    (b"<a>", "the XML is not well-formed: no element found"),
    (b'<?xml version="1.0" encoding="utf-16-be"?><a/>'.decode().encode("utf-16-be"),
     "the XML is in an encoding the reader does not know"),
])
def test_xml_that_is_not_well_formed_is_refused(data: bytes, message: str) -> None:
    refused = refusal(data)
    assert (refused.kind, refused.message) == ("malformed", message)


def test_what_is_read_is_bounded_not_what_is_claimed() -> None:
    refused = refusal(b"<a>" + b" " * 2000 + b"</a>", Bounds(1000, 10**9, 10**8, 60))
    assert (refused.kind, refused.message) == ("document-bytes", "over 1,000 bytes")
    reader = Reader(Bounds(1000, 1412, 10**8, 60))
    reader.check(io.BytesIO(b"<a>" + b" " * 900 + b"</a>"))
    reader.skip(io.BytesIO(b"\x89PNG" + b"\0" * 500))
    assert (refusal(b"<a/>", reader=reader).kind, reader.total_bytes) == ("total-bytes", 1415)
    reader = Reader(Bounds(10**9, 10**9, 100, 60))
    reader.check(io.BytesIO(b"<a>" + b"<b/>" * 99 + b"</a>"))
    refused = refusal(b"<a/>", reader=reader)
    assert (refused.kind, refused.message) == ("elements", "over 100 XML elements in all")
    ticks = iter([0.0, 1.0, 2.0, 99.0])
    reader = Reader(Bounds(10**9, 10**9, 10**8, 10), clock=lambda: next(ticks))
    reader.check(io.BytesIO(b"<a/>"))
    refused = refusal(b"<a/>", reader=reader)
    assert (refused.kind, refused.message) == ("time", "reading took over 10 seconds")


@pytest.mark.parametrize(("head", "xml"), [
    (b"<a/>", True), (b"  \r\n\t<a/>", True), (codecs.BOM_UTF8 + b"<a/>", True),
    ("<a/>".encode("utf-16-le"), True), ("\n<a/>".encode("utf-16-be"), True),
    (codecs.BOM_UTF16_BE + "<a/>".encode("utf-16-be"), True), ("<a/>".encode("utf-32-le"), True),
    ('<?xml version="1.0"?><a/>'.encode("cp500"), True),
    (b"\x89PNG\r\n\x1a\n", False), (b"\xff\xd8\xff\xe0", False), (b"", False), (b"GIF89a", False),
])
def test_what_looks_like_xml(head: bytes, xml: bool) -> None:
    assert looks_like_xml(head) is xml
