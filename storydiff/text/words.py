"""What counts as a word: one compiled pattern per meaning, named for what it matches.

Stages need different words on purpose, and each pattern here is the one a stage was tuned
with, so none is a "better" version of another:

- counting and keying text wants every run of word characters, numbers included
  (:data:`TOKEN`);
- telling a decoded text from mojibake wants letters only (:data:`LETTERS`);
- aligning and cutting clauses wants words of letters and numbers written with their
  separators, "1,200" as one (:data:`WORD_OR_NUMBER`);
- comparing the wording of two claims wants a word with its elision, "пам'ять" and
  "don't" as one, while a hyphen still separates (:data:`APOSTROPHE_WORD`);
- reading who said what wants names and compounds whole, "O'Brien", "Ростов-на-Дону"
  (:data:`JOINED_WORD`).

The apostrophes are the three that en, uk and ru texts use: ``'`` (typed), ``’``
(typographic) and ``ʼ`` (U+02BC, the Ukrainian letter apostrophe). Unicode counts ``ʼ`` as
a letter, so every pattern here keeps "памʼять" whole; only the other two split a word
where a pattern does not name them.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"\w+")
"""A run of word characters: letters, digits and underscore ("COVID_19", "2024", "don" and
"t" of "don't"). Word counts (framing's loaded-language features and short-sentence and
scare-quote tests), relay tracing's shingles, story keys over transliterated text, and the
framing and attribution evaluations use it: a count or a key needs every word, numbers
included, and no punctuation."""

LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters only: no digits, underscore, hyphens or (typed) apostrophes. Charset guessing in
``ingest.decode`` uses it: whether a word mixes Cyrillic and Latin letters, or is made of
accented letters alone, tells mojibake from text, and digits would only dilute that."""

WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d[\d.,]*")
"""A word of letters, or a number with its separators ("1,200.5", "24."). Alignment (content
words and the minimum words of an alignable unit) and clause units (the words on each side
of a cut) use it: a number is one word however it is written, and apostrophes split, as the
5-letter content stems expect."""

APOSTROPHE_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
"""A word of letters, apostrophes inside it kept ("пам'ять", "don't", "Kiev's"); hyphens
split and digits are not words. Relation tokens use it: the folded word is compared across
outlets and its sound key built, so an elided word must stay whole, while numbers are read
by their own parser."""

JOINED_WORD = re.compile(r"[\w'’ʼ-]+")
"""Word characters joined by apostrophes and hyphens ("O'Brien", "пам'ять",
"Ростов-на-Дону", "COVID-19"). Attribution (cue patterns, speaker names, voice word counts)
and the entity-key evaluation use it: a speaker's name or a compound must stay one word for
its cue and its lemma to be found."""
