"""`python -m bench [--quick] [--json] [--only FIGURE ...]`."""

from bench.run import main

raise SystemExit(main())
