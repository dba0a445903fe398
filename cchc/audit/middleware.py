from django.db import connection

from .context import clear_actor, set_actor


class AuditContextMiddleware:
    """Attributes every write made while serving a signed-in user's request to that user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        set_actor(user.pk, f"web:{request.method} {request.path}"[:100])
        try:
            return self.get_response(request)
        finally:
            if connection.connection is not None:
                clear_actor()
