"""Read articles from files and stdin, and take scraping noise out of them.

Formats, by file extension (stdin and unknown extensions are sniffed from the content):

- ``.txt`` and other text: one article; a short first line without sentence punctuation is
  the headline.
- ``.html`` / ``.htm``: trafilatura extracts the main text and the title, date, site name
  (the outlet) and canonical URL, offline. Scripts, styles and attributes never reach the text.
- ``.json``: one article object or a list of them; ``.jsonl``: one object per line. Fields:
  ``text``, ``title``, ``outlet``, ``date``, ``lang``, ``url``; the id is always a hash of
  the cleaned text, the item's own ``id`` is kept as ``source_id`` and its other fields as
  ``metadata`` (``fields``).

Encodings: UTF-8, or UTF-8/16/32 with a byte-order mark. Text that is not valid UTF-8 is read as
Windows-1251 or KOI8-R when it decodes to plausible Cyrillic words, or as Windows-1252 when it
decodes to accented letters inside Latin words; each such guess is reported as a note (a
``Problem`` with ``skipped=False``) so a wrong guess is never silent. A mostly-UTF-8 file with a
few bad bytes is read with U+FFFD in their place, also with a note. Anything else is skipped
with a one-line message: nothing is ever silently garbled.

Every per-input failure becomes a ``Problem`` and reading goes on with the other inputs.

One module per job, in the order an input meets them: ``read`` (files and stdin, limits),
``decode`` (bytes to text), ``formats`` (text, HTML, JSON to articles), ``clean`` (noise
removal as named steps); ``problems`` holds the records they give back.
"""

from storydiff.ingest.clean import MAX_NOISE_WORDS, MIS_DECODED, article_from_text, article_id
from storydiff.ingest.decode import repair_mojibake
from storydiff.ingest.fields import ARTICLE_FIELDS, metadata_of, source_id_of
from storydiff.ingest.problems import Ingested, Problem
from storydiff.ingest.read import STDIN_SOURCE, read_inputs

__all__ = [
    "ARTICLE_FIELDS",
    "MAX_NOISE_WORDS",
    "MIS_DECODED",
    "STDIN_SOURCE",
    "Ingested",
    "Problem",
    "article_from_text",
    "article_id",
    "metadata_of",
    "read_inputs",
    "repair_mojibake",
    "source_id_of",
]
