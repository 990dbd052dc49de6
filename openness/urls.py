from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("openness.web.api.urls")),
    path("crawl/", include("openness.crawl.urls")),
    path("", include("openness.web.urls")),
    path("", include("openness.corrections.urls")),
]

# A database that is down answers 503 with Retry-After (HTML, or JSON under the API).
handler500 = "openness.web.errors.server_error"
