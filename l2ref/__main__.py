"""`python -m l2ref` is the `l2ref` command."""

import sys

from l2ref.cli import main

sys.exit(main())
