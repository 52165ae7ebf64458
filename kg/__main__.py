"""`python -m kg` runs the clusterkg command line."""

import sys

from kg.cli import main

sys.exit(main())
