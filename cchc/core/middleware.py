from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the set_language cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: officers' machines often have an
    English browser, and the platform's working language is Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class UploadLimitMiddleware:
    """Refuse a request whose body is larger than ``IMPORT_LIMITS["web"]["request_bytes"]`` (HTTP 413, a Vietnamese
    page naming the cap) before anything reads it: no upload, public or not, is streamed to disk past the cap."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import render

        from cchc.core.filelimits import import_limits, size_text

        if request.path.startswith(settings.API_PREFIX):  # the API answers its own 413 (cchc.api.middleware)
            return self.get_response(request)
        limit = import_limits("web").request_bytes
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return render(request, "413.html", {"limit": size_text(limit)}, status=413)
        return self.get_response(request)
