"""`python -m bot` runs the `tally` command."""

from bot.cli import main

raise SystemExit(main())
