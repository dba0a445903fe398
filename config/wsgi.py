import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

# What start-up loaded (Django, the apps, the views behind the URL patterns) lives as long as the process: moved out
# of the garbage collector's reach, its full passes walk only what the requests left behind (a page that builds many
# objects, the leaders' view of a province, otherwise pays tens of milliseconds for them). A server that forks its
# workers after loading the app also keeps those pages of memory shared.
get_resolver().url_patterns  # noqa: B018 (imports the views)
gc.collect()
gc.freeze()
