"""checker: cross-document consistency checks for Chinese government documents.

The pipeline runs one way: files → :class:`Document` → claims (a DataFrame, columns in
:mod:`checker.columns`) → checks → findings → outputs.
"""

from checker.errors import BadInput, CheckerError
from checker.extract.claims import extract_claims
from checker.ingest import read_documents
from checker.models import Document, Evidence, Metadata

__version__ = "0.1.0"

__all__ = [
    "BadInput",
    "CheckerError",
    "Document",
    "Evidence",
    "Metadata",
    "__version__",
    "extract_claims",
    "read_documents",
]
