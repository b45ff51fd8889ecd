from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = "Videos"

    def ready(self) -> None:
        from django.urls import register_converter

        from videos import receivers
        from videos.converters import IdConverter

        receivers.connect()
        register_converter(IdConverter, "id")  # <id:pk> in every app's URLs
