"""The sandbox mounted alone, as the root URLconf mounts it, so its tests do not depend on
the state of the other apps' URLs."""

from django.urls import include, path

urlpatterns = [path("sandbox/", include("pictory_studio.sandbox.urls"))]
