import sys

from plansite.compare import main

sys.exit(main())
