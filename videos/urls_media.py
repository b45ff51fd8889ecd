"""The media library: uploads straight to Pictory's signed URLs."""
from django.urls import path  # noqa: F401

urlpatterns: list = []
