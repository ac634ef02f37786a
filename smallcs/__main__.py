"""``python -m smallcs`` runs the same command as the ``smallcs`` script."""

import sys

from smallcs.command import main

sys.exit(main())
