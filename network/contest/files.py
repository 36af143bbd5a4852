"""Reading a story from an uploaded file: .txt, .docx, .odt, .pdf. Nothing is executed.

Each file is checked before any library parses it: its size; that its content is what its
extension says (a .docx or .odt is a ZIP with the right parts, a .pdf starts with %PDF-, a
.txt is text); for ZIP-based formats the archive's member count and total uncompressed size
(a zip bomb is refused before it is inflated), no macro project inside (vbaProject.bin, a
macro-enabled content type, ODF Basic/scripts) and no DTD in the XML (entity expansion).
Then python-docx, odfpy or pypdf read the text only: no macro, script, field or link is run.
"""

from __future__ import annotations

import io
import zipfile

from network.core.errors import Problem, ValidationFailed

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 300
MAX_UNCOMPRESSED = 25 * 1024 * 1024
MAX_PDF_PAGES = 60
EXTENSIONS = ("txt", "docx", "odt", "pdf")
# A .txt that is really a ZIP (Office), a PDF, an old Office (OLE) file or RTF is refused.
OTHER_FORMATS = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"{\\rtf")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _refuse(key: str, **params: object) -> ValidationFailed:
    return ValidationFailed([Problem("contest_file", key, dict(params))])


def extension(filename: str) -> str:
    name = (filename or "").lower().rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def read_text(filename: str, data: bytes) -> str:
    """The plain text of an uploaded story, or ValidationFailed with a translated reason."""
    ext = extension(filename)
    if ext not in EXTENSIONS:
        raise _refuse("contest.error.file_type", types=", ".join(f".{e}" for e in EXTENSIONS))
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("contest.error.file_size", mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data:
        raise _refuse("contest.error.file_empty")
    reader = {"txt": _txt, "docx": _docx, "odt": _odt, "pdf": _pdf}[ext]
    text = reader(data)
    if not text.strip():
        raise _refuse("contest.error.file_empty")
    return text


def _txt(data: bytes) -> str:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(OTHER_FORMATS) or (b"\x00" in data[:4096] and not utf16):
        raise _refuse("contest.error.file_mismatch", ext=".txt")
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Windows' Latin-1 (Notepad, old Word)


def _zip(data: bytes, ext: str) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse("contest.error.file_mismatch", ext=f".{ext}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse("contest.error.file_unreadable", ext=f".{ext}") from exc
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise _refuse("contest.error.file_bomb")
    names = {m.filename for m in members}
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in lowered):
        raise _refuse("contest.error.file_macros")
    return archive


def _member(archive: zipfile.ZipFile, name: str, ext: str) -> bytes:
    try:
        with archive.open(name) as handle:
            content = handle.read(MAX_UNCOMPRESSED + 1)  # never more than the declared limit
    except (KeyError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse("contest.error.file_unreadable", ext=f".{ext}") from exc
    if len(content) > MAX_UNCOMPRESSED:
        raise _refuse("contest.error.file_bomb")
    if b"<!DOCTYPE" in content[:4096].upper() or b"<!ENTITY" in content.upper():
        raise _refuse("contest.error.file_unreadable", ext=f".{ext}")
    return content


def _docx(data: bytes) -> str:
    archive = _zip(data, "docx")
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse("contest.error.file_mismatch", ext=".docx")
    types = _member(archive, "[Content_Types].xml", "docx")
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise _refuse("contest.error.file_macros")
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            _member(archive, name, "docx")  # DTDs and entity tricks refused in every part
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise _refuse("contest.error.file_unreadable", ext=".docx") from exc
    return "\n\n".join(p.text for p in document.paragraphs)


def _odt(data: bytes) -> str:
    archive = _zip(data, "odt")
    names = set(archive.namelist())
    if "mimetype" not in names or "content.xml" not in names:
        raise _refuse("contest.error.file_mismatch", ext=".odt")
    if _member(archive, "mimetype", "odt").strip() != ODT_MIMETYPE:
        raise _refuse("contest.error.file_mismatch", ext=".odt")
    for name in names:
        if name.endswith(".xml"):
            _member(archive, name, "odt")
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        paragraphs = document.text.getElementsByType(text.P) if document.text else []
        return "\n\n".join(teletype.extractText(p) for p in paragraphs)
    except Exception as exc:  # odfpy raises many kinds on a broken document
        raise _refuse("contest.error.file_unreadable", ext=".odt") from exc


def _pdf(data: bytes) -> str:
    if not data.lstrip()[:8].startswith(b"%PDF-"):
        raise _refuse("contest.error.file_mismatch", ext=".pdf")
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse("contest.error.file_encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _refuse("contest.error.file_pages", max=MAX_PDF_PAGES)
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except ValidationFailed:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise _refuse("contest.error.file_unreadable", ext=".pdf") from exc
