"""python -m tests.answer_key: the answer key's summary, per notebook."""

import sys

from tests.answer_key import main

sys.exit(main())
