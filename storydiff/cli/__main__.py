"""``python -m storydiff.cli``: the ``storydiff`` command."""

import sys

from storydiff.cli import main

sys.exit(main())
