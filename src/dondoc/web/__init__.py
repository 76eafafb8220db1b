"""The Django project around the extraction core: settings, URLs, WSGI entry point."""
