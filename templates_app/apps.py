from django.apps import AppConfig


class TemplatesAppConfig(AppConfig):
    name = "templates_app"
    verbose_name = "Video templates and bulk batches"

    def ready(self) -> None:
        from templates_app import receivers

        receivers.connect()
