"""``python -m dondoc`` is the same as the ``dondoc`` command."""

from dondoc.cli import main

raise SystemExit(main())
