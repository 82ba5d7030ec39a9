import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
application = get_wsgi_application()

# Build the screening engine (its models and word lists, about 1.5 s) once here, before gunicorn forks its
# workers with --preload, so that no one's first check panel or import waits for it (bench/publishing_checks.py).
from harbour.inbox.screened import warm_up

warm_up()
