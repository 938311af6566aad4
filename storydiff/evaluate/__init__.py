"""Evaluation harnesses on the annotated datasets in ``../shared/data`` (or ``STORYDIFF_DATA``).

``datasets`` loads groups and distractors as ``Article`` records, ``samestory`` scores
same-story detection, ``alignment`` scores cross-outlet sentence alignment. Each
``evaluate_*`` function returns a plain dict of figures and has a ``markdown_table``.
"""
