"""`python -m sim` is the same as the `ontschot` command."""

from .cli import main

raise SystemExit(main())
