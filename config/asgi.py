import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# ASGI servers run no system checks: what must never serve production stops the start here.
from lives_admin.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
