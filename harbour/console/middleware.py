"""Response hardening that Django's own settings do not cover (docs/security.md D5, M1)."""

from django.http import HttpResponseNotAllowed

# TRACE echoes the request (cookies included) back; nothing in Harbour needs it or its relatives.
REFUSED_METHODS = {"TRACE", "TRACK", "CONNECT"}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class HardeningMiddleware:
    """Refuses TRACE-like methods with 405, keeps signed-in pages out of every cache (a shared
    computer's back button or a proxy must not show a concern), and turns off browser features
    the console never uses. Put it straight after SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
