"""
``python -m lowback``: the same as the ``lowback`` command.
"""

import sys

from ._cli import main

sys.exit(main())
