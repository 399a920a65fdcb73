import sys

from plansite.lint.cli import main

sys.exit(main())
