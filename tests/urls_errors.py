"""The portal's URLs plus one page that fails, to see the 500 page a person gets (tests only)."""

from django.urls import include, path


def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("test-500/", broken_view),
    path("", include("cchc_portal.urls")),
]
