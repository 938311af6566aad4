"""Relations between aligned sentences, with evidence: agree, partial, stronger / weaker
(version B relative to version A) or conflict.

See ``_base.Relater`` for the interface; ``features`` (the default, offline) and ``nli``
(a multilingual XNLI cross-encoder from the hub) are the backends.
"""

from storydiff.relate._base import REGISTRY, Pair, Relater, load_relater

__all__ = ["REGISTRY", "Pair", "Relater", "load_relater"]
