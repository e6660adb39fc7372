"""`python -m macros.catalog [data]`: check a data folder without building the site."""

import sys

from macros.catalog.assemble import main

sys.exit(main())
