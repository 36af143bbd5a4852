"""Reading a story from a file: each format's text comes out, and hostile files are refused
before any parser inflates or runs them (zip bombs, macros, wrong extensions, fake PDFs, DTDs)."""

from __future__ import annotations

import io
import zipfile

import pytest

from network.contest import files
from network.core.errors import ValidationFailed

STORY = "Bazen behin zurrumurru bat.\n\nY un barrio que no se lo creyó: «{{7*7}} <b>»."


def docx_bytes(text: str = STORY) -> bytes:
    from docx import Document

    doc = Document()
    for paragraph in text.split("\n\n"):
        doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def odt_bytes(text: str = STORY) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for paragraph in text.split("\n\n"):
        doc.text.addElement(P(text=paragraph))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_bytes(line: str = "Bazen behin zurrumurru bat") -> bytes:
    """A one-page PDF with a line of text, written by hand (offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def zip_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as err:
        files.read_text(name, data)
    return err.value.problems[0].key


def test_text_files_in_utf8_utf16_and_windows_latin1():
    assert files.read_text("a.txt", STORY.encode()) == STORY
    assert files.read_text("a.TXT", "\ufeff".encode() + STORY.encode()) == STORY
    assert files.read_text("a.txt", STORY.encode("utf-16")) == STORY
    assert files.read_text("a.txt", "Ipuina: «ñandú»".encode("cp1252")) == "Ipuina: «ñandú»"


def test_a_docx_an_odt_and_a_pdf_give_their_text():
    assert files.read_text("story.docx", docx_bytes()) == STORY
    assert files.read_text("story.odt", odt_bytes()) == STORY
    assert files.read_text("story.pdf", pdf_bytes()).strip() == "Bazen behin zurrumurru bat"


@pytest.mark.parametrize("name", ["story.doc", "story.rtf", "story.exe", "story", "story.docm",
                                  "story.html"])
def test_other_extensions_are_refused(name):
    assert refused(name, b"hello") == "contest.error.file_type"


def test_size_and_empty_files_are_refused():
    assert refused("a.txt", b"x" * (files.MAX_FILE_BYTES + 1)) == "contest.error.file_size"
    assert refused("a.txt", b"") == "contest.error.file_empty"
    assert refused("a.txt", b"  \n ") == "contest.error.file_empty"


@pytest.mark.parametrize("name,data", [
    ("story.pdf", b"this is only text named .pdf"),  # a fake PDF
    ("story.pdf", b"PK\x03\x04 a zip named .pdf"),
    ("story.docx", STORY.encode()),  # text named .docx
    ("story.odt", b"%PDF-1.4 a pdf named .odt"),
    ("story.txt", b"%PDF-1.4\n..."),  # a PDF named .txt
    ("story.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word"),  # an OLE .doc named .txt
    ("story.txt", b"text with a NUL\x00 byte"),
])
def test_content_not_matching_its_extension_is_refused(name, data):
    assert refused(name, data) == "contest.error.file_mismatch"


def test_a_docx_renamed_odt_and_an_odt_renamed_docx_are_refused():
    assert refused("story.odt", docx_bytes()) == "contest.error.file_mismatch"
    assert refused("story.docx", odt_bytes()) == "contest.error.file_mismatch"


def test_a_pdf_header_on_garbage_is_unreadable_not_a_crash():
    assert refused("story.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200) in (
        "contest.error.file_unreadable", "contest.error.file_empty")


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = zip_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                     "word/padding.bin": b"\0" * (files.MAX_UNCOMPRESSED + 1024)})
    assert len(bomb) < files.MAX_FILE_BYTES  # small on disk, huge inflated
    assert refused("story.docx", bomb) == "contest.error.file_bomb"
    odt_bomb = zip_with({"mimetype": files.ODT_MIMETYPE, "content.xml": b"<x/>",
                         "Pictures/p.bin": b"\0" * (files.MAX_UNCOMPRESSED + 1024)})
    assert refused("story.odt", odt_bomb) == "contest.error.file_bomb"


def test_a_zip_with_thousands_of_members_is_refused():
    many = zip_with({f"word/m{i}.xml": b"" for i in range(files.MAX_ZIP_MEMBERS + 1)})
    assert refused("story.docx", many) == "contest.error.file_bomb"


def test_a_member_lying_about_its_size_is_unreadable_not_inflated():
    import struct

    data = bytearray(zip_with({"[Content_Types].xml": b"<Types/>",
                               "word/document.xml": b"<w>" + b"a" * 100_000 + b"</w>"}))
    # Claim 10 bytes uncompressed in both headers of every member: zipfile stops at the claimed
    # size, the CRC no longer matches, and the file is refused (nothing inflated past the claim).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            struct.pack_into("<I", data, start + offset, 10)
            start += 4
    assert refused("story.docx", bytes(data)) == "contest.error.file_unreadable"


def test_a_docx_with_a_macro_project_is_refused():
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["word/vbaProject.bin"] = b"Attribute VB_Name = \"AutoOpen\""
    assert refused("story.docx", zip_with(parts)) == "contest.error.file_macros"


def test_a_macro_enabled_document_renamed_docx_is_refused():
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert refused("story.docx", zip_with(parts)) == "contest.error.file_macros"


def test_an_odt_with_basic_scripts_is_refused():
    with zipfile.ZipFile(io.BytesIO(odt_bytes())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["Basic/Standard/Module1.xml"] = b"<script>Sub Main</script>"
    assert refused("story.odt", zip_with(parts)) == "contest.error.file_macros"


def test_entity_expansion_in_a_documents_xml_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w>&lol2;</w>')
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["word/document.xml"] = laughs
    assert refused("story.docx", zip_with(parts)) == "contest.error.file_unreadable"
    with zipfile.ZipFile(io.BytesIO(odt_bytes())) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["content.xml"] = laughs
    assert refused("story.odt", zip_with(parts)) == "contest.error.file_unreadable"


def test_a_broken_docx_is_unreadable_not_a_crash():
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not closed"}
    assert refused("story.docx", zip_with(parts)) == "contest.error.file_unreadable"
