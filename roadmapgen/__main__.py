import sys

from roadmapgen.commands.cli import main

sys.exit(main())
