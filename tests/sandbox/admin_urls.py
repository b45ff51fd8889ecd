"""The sandbox and the Django admin mounted without the studio's own pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sandbox/", include("pictory_studio.sandbox.urls")),
]
