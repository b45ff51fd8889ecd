from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from pictory_studio.health import healthz

urlpatterns = [
    # For load balancers and monitors: no sign-in, JSON (see pictory_studio/health.py).
    path("healthz", healthz, name="healthz"),
    path("", include("videos.urls")),
    path("", include("templates_app.urls")),
    path("reports/", include("reports.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links; point them at the static icon.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.ico"), permanent=True)),
]

# A database or Redis outage that surfaces outside a view still gets the outage page.
handler500 = "pictory_studio.outage.server_error"

if settings.PICTORY_SANDBOX_ENABLED:
    # The built-in Pictory imitation, only in sandbox mode (no Pictory credentials).
    urlpatterns.append(path("sandbox/", include("pictory_studio.sandbox.urls")))
