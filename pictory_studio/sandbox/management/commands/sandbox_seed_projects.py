"""Fill the sandbox's Pictory account with projects as if a team had made them in Pictory's
web app (sandbox mode only: the command exists only where the sandbox app is installed)."""
from django.core.management.base import BaseCommand, CommandError

from pictory_studio.sandbox.auth import main_account
from pictory_studio.sandbox.projects import seed_web_projects


class Command(BaseCommand):
    help = "Add COUNT projects made 'in Pictory's web app' to the sandbox account."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=12)

    def handle(self, *args, count: int, **options):
        if not 1 <= count <= 100_000:
            raise CommandError("COUNT must be between 1 and 100,000.")
        seed_web_projects(main_account(), count)
        self.stdout.write(f"Added {count} projects to the sandbox's Pictory account.")
