"""factory_boy factories for the studio's models."""
import factory
from django.contrib.auth import get_user_model

from videos.models import Brand, Project, Scene, VisualKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"editor{n}")
    password = factory.django.Password("correct horse battery staple")


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"Brand {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Launch video {n}")
    owner = factory.SubFactory(UserFactory)


class SceneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scene

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n)
    narration = "Our spring collection lands on Friday, with fresh colours for every room."
    visual_kind = VisualKind.COLOR
    visual_color = "#1F3A5F"
