"""One hardened reader for XML that comes from outside: a workbook's parts, and later a CRM export.

**No DTD at all.** A document that declares a document type (``<!DOCTYPE …>``) is refused at the
declaration, before its internal subset is read: no entity is ever declared, so none is expanded
(no "billion laughs"), and no file or URL is ever named for loading (no external entity). The parser
is expat through defusedxml (``forbid_dtd=True``, entities and external references forbidden as
well), which decodes a document as XML says — a byte-order mark, then the encoding its declaration
names, UTF-8 or UTF-16 (little- or big-endian) — so the declaration is seen in whatever encoding it
is written in.

**Bounds on what is read, not on what a header claims.** The bytes of each document and of all the
documents read through one :class:`Reader`, the elements of all of them (the cells and strings of
a workbook), and the time spent: each is counted as the bytes are fed to the parser, a chunk at a
time, so a hostile document is refused as soon as it passes a bound, never after.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

CHUNK = 64 * 1024
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


@dataclass(frozen=True)
class Bounds:
    document_bytes: int  # one document, as read (unpacked, for a part of a zip)
    total_bytes: int  # every document read through one Reader
    elements: int  # the elements of every document read through one Reader
    seconds: float  # the time one Reader may spend reading


class Refused(Exception):
    """The XML is refused: ``kind`` says why, ``message`` says it in words, ``line`` where (0: unknown).

    Kinds: ``"dtd"`` (a document type declaration), ``"malformed"``, ``"document-bytes"``,
    ``"total-bytes"``, ``"elements"``, ``"time"``.
    """

    def __init__(self, kind: str, message: str, line: int = 0) -> None:
        self.kind, self.message, self.line = kind, message, line
        super().__init__(f"line {line}: {message}" if line else message)


class _Counter:
    """A parser target that counts elements (and builds the tree only when asked)."""

    def __init__(self, reader: Reader, build: bool) -> None:
        self.reader = reader
        self.builder = ET.TreeBuilder() if build else None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.reader.elements += 1
        if self.reader.elements > self.reader.bounds.elements:
            raise Refused("elements", f"over {self.reader.bounds.elements:,} XML elements in all")
        if self.builder is not None:
            self.builder.start(tag, attrib)

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(tag)

    def data(self, data: str) -> None:
        if self.builder is not None:
            self.builder.data(data)

    def close(self) -> Any:
        return self.builder.close() if self.builder is not None else None


class Reader:
    """Reads XML documents one after another, every one against the same :class:`Bounds`."""

    def __init__(self, bounds: Bounds, clock: Callable[[], float] = time.monotonic) -> None:
        self.bounds = bounds
        self.clock = clock
        self.started = clock()
        self.total_bytes = 0
        self.elements = 0

    def check(self, stream: BinaryIO) -> None:
        """Read the whole document, keeping nothing; raise :class:`Refused` if it is refused."""
        self._read(stream, build=False)

    def parse(self, stream: BinaryIO) -> ET.Element:
        """The document's root element, read under the same rules as :meth:`check`."""
        root = self._read(stream, build=True)
        assert isinstance(root, ET.Element)
        return root

    def skip(self, stream: BinaryIO) -> None:
        """Read a document that is not XML (a picture), for its bytes to count against the bounds."""
        size = self._count(0, 0)
        while chunk := stream.read(CHUNK):
            size = self._count(size, len(chunk))

    def _count(self, size: int, more: int) -> int:
        size += more
        self.total_bytes += more
        if size > self.bounds.document_bytes:
            raise Refused("document-bytes", f"over {self.bounds.document_bytes:,} bytes")
        if self.total_bytes > self.bounds.total_bytes:
            raise Refused("total-bytes", f"over {self.bounds.total_bytes:,} bytes in all")
        if self.clock() - self.started > self.bounds.seconds:
            raise Refused("time", f"reading took over {self.bounds.seconds:g} seconds")
        return size

    def _read(self, stream: BinaryIO, build: bool) -> Any:
        target = _Counter(self, build)
        parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        size = self._count(0, 0)  # many small documents take time too
        try:
            while chunk := stream.read(CHUNK):
                size = self._count(size, len(chunk))
                parser.feed(chunk)
            return parser.close()
        except DefusedXmlException:
            line = parser.parser.CurrentLineNumber
            raise Refused("dtd", "the XML declares a document type (<!DOCTYPE …>)", line) from None
        except ET.ParseError as exc:
            line = exc.position[0] if exc.position else 0
            reason = str(exc).split(": line ")[0]  # expat's words: "undefined entity", "mismatched tag"…
            raise Refused("malformed", f"the XML is not well-formed: {reason}", line) from None
        except (ValueError, LookupError):  # pyexpat reads one-byte encodings, UTF-8 and UTF-16 only
            line = parser.parser.CurrentLineNumber
            raise Refused("malformed", "the XML is in an encoding the reader does not know", line) from None


def looks_like_xml(head: bytes) -> bool:
    """Whether a document starting with ``head`` is XML to a parser: after a byte-order mark and any
    blank space, its first character is ``<`` (in UTF-8 or UTF-16/32, with or without the mark; or
    an XML declaration in EBCDIC)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return _starts_with_tag(head[len(bom) :], encoding)
    if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC: XML to some parsers, refused as damaged here
        return True
    return any(_starts_with_tag(head, encoding)
               for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def _starts_with_tag(data: bytes, encoding: str) -> bool:
    text = data[:256].decode(encoding, errors="replace")
    return text.lstrip(" \t\r\n")[:1] == "<"
