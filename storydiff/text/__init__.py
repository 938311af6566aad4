"""Text helpers every stage shares: what a word is, which script a text is in, the day of
a date field, and name keys across scripts.

The foundation layer: these modules import nothing from the rest of storydiff, so any
stage may use them without an import cycle. Each answers one question once, so that two
stages cannot silently disagree about it:

- ``words``: the word patterns, one per meaning (tokens, letters, words or numbers, words
  joined by apostrophes and hyphens), each saying which stages use it and why;
- ``scripts``: whether a text is mostly Cyrillic or Latin;
- ``dates``: the calendar day of an ISO-like date string, leniently;
- ``names``: Latin transliteration and phonetic keys of names in en, uk and ru.
"""
