from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("videos.urls")),
    path("", include("templates_app.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links; point them at the static icon.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.ico"), permanent=True)),
]

if settings.PICTORY_SANDBOX_ENABLED:
    # The built-in Pictory imitation, only in sandbox mode (no Pictory credentials).
    urlpatterns.append(path("sandbox/", include("pictory_studio.sandbox.urls")))
