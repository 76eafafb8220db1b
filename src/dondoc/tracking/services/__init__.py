"""Service functions: the one place where the register changes. Views, the API and the CLI call these."""
