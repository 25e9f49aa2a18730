"""Let ``python -m course`` run the command line."""

import sys

from course.cli import main

sys.exit(main())
