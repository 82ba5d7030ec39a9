import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
application = get_wsgi_application()

# Before gunicorn forks its workers (--preload), so that nobody's first request after a start waits for them
# (bench/publishing_checks.py, "cold"): the screening engine (its models and word lists, about 1.5 s), and
# the URL configuration with every view module it imports (about 1.6 s), which Django loads on the first
# request otherwise.
from django.urls import get_resolver

from harbour.inbox.screened import warm_up

warm_up()
get_resolver().url_patterns  # noqa: B018 -- touching it imports the URL configuration
