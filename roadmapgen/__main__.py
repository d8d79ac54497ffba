import sys

from roadmapgen.cli import main

sys.exit(main())
