"""factory_boy factories for the studio's models."""
import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from videos.models import Brand, Project, Scene, VisualKind


class UserFactory(factory.django.DjangoModelFactory):
    """A team member; an Editor unless `roles` says otherwise (e.g. roles=["Reviewer"])."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@studio.test")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            # get_or_create: transactional tests flush the groups the migration made
            names = extracted if extracted is not None else ["Editor"]
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


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
