"""File import in Harbour's registry: staff upload a platform's export (parse.py). Harbour cannot act on
the platform the file came from, so it has no capabilities."""

from harbour.connectors.platform import Delivery, PlatformEntry

FILE_IMPORT = PlatformEntry(
    key="file_import",
    label="File import (CSV or JSON export)",
    report_to="the site where it was posted",
    delivery=Delivery.UPLOADED,
)
