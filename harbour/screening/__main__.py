"""`python -m harbour.screening` is `harbour screen`."""

import sys

from harbour.screening.cli import main

sys.exit(main())
