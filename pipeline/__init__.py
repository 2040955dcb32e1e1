"""pipeline: scraped Chinese policy pages to clean, structured, trustworthy data.

The public API is ``process(data, name=None)``, which returns a ``Document``; the
document serialises with ``to_json()`` and ``to_markdown()``.
"""

from pipeline.errors import InputError
from pipeline.flow import process
from pipeline.model import SCHEMA_VERSION, Document

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Document", "InputError", "__version__", "process"]
