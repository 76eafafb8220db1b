"""WSGI entry point (gunicorn ``dondoc.web.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
application = get_wsgi_application()
