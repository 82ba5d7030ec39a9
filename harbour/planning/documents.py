"""Policy documents: a PDF (checked by harbour/accounts/uploads.py, as every other upload is) or a Word
document (.docx), checked here, since uploads.py knows no Word files. Both are private: stored under a
generated name and served only by planning's document view, which checks access, always as a download.

A .docx is a ZIP file: Harbour reads its table of contents (never the content), refuses one that is not a
Word document, one with macros (vbaProject.bin: a .docm renamed) and one whose parts would unpack to more
than MAX_UNPACKED bytes (a ZIP bomb). The old binary .doc is refused: it can carry macros that Harbour cannot
see, so ask for a PDF or a .docx instead.
"""

import zipfile

from django.conf import settings
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

from harbour.accounts import uploads
from harbour.accounts.uploads import BadUpload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_HEAD = b"PK\x03\x04"
OLE_HEAD = b"\xd0\xcf\x11\xe0"  # the old .doc format
MAX_UNPACKED = 100_000_000
ACCEPTED = "The file must be a PDF or a Word document (.docx)"


def check_document(upload):
    """The file to store, checked; BadUpload with a sentence to show otherwise."""
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if upload.size == 0:
        raise BadUpload("The file is empty. Choose the file again")
    if head.startswith(OLE_HEAD) or name.endswith(".doc"):
        raise BadUpload("Save the document as a PDF or as a .docx file (Word 2007 or later) and upload that")
    if not name.endswith(".docx"):
        try:
            return uploads.check_upload(upload, frozenset({"pdf"})).file
        except BadUpload as error:
            if str(error).startswith("The file must be a"):
                raise BadUpload(ACCEPTED) from None
            raise
    if upload.size > settings.HARBOUR_MAX_UPLOAD_BYTES:
        raise BadUpload(f"The file must be smaller than {filesizeformat(settings.HARBOUR_MAX_UPLOAD_BYTES)}")
    if not head.startswith(ZIP_HEAD):
        raise BadUpload(ACCEPTED)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BadUpload(
            "The Word document is damaged. Open it in Word, save it again and upload that"
        ) from None
    finally:
        upload.seek(0)
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise BadUpload(ACCEPTED)
    if any(part.lower().endswith("vbaproject.bin") for part in names):
        raise BadUpload("The Word document contains macros. Save it as a .docx without macros, or as a PDF")
    if sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise BadUpload("The Word document is too large once unpacked. Save it as a PDF and upload that")
    return upload


def serve(stored, name: str):
    """A stored policy document as a download, typed from its own first bytes; the view checks access."""
    handle = stored.open("rb")
    head = handle.read(4)
    handle.seek(0)
    if not head.startswith(ZIP_HEAD):
        handle.close()
        return uploads.serve(stored, name)
    if not name.lower().endswith(".docx"):
        name = f"{name}.docx"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
