import sys

from droneatlas.cli import main

sys.exit(main())
