"""``python -m sphinx_smtpcodes``: the ``smtpcodes`` command."""

import sys

from .cli import main

sys.exit(main())
