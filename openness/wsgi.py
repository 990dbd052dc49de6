import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openness.settings")

application = get_wsgi_application()

# gunicorn loads this module in each worker before the worker accepts connections.
from openness.lib.warmup import process_warm  # noqa: E402 (needs the configured settings)

process_warm()
