"""`python -m viewer` runs the `parallax` command."""

from viewer.cli import main

raise SystemExit(main())
