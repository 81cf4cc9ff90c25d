"""`python -m droneatlas`: the entry point of the `droneatlas` command (cli), nothing else."""

import sys

from cli import main

sys.exit(main())
