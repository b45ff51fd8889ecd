"""Voices, the Pictory account (quota) and AWS private connections."""
from django.urls import path  # noqa: F401

urlpatterns: list = []
