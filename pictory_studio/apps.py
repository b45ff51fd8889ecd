from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "pictory_studio"
    verbose_name = "Pictory Studio"
