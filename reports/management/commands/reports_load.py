"""`manage.py reports_load`: load the reports now and print what was loaded."""
from django.core.management.base import BaseCommand, CommandError

from reports.models import RunStatus
from reports.services import AlreadyRunning, reports_load


class Command(BaseCommand):
    help = "Load the Pictory account, the Picsart balance and the studio's history into the reports database."

    def handle(self, *args, **options):
        try:
            run = reports_load(trigger="command")
        except AlreadyRunning as exc:
            raise CommandError(f"{exc} Try again when it has finished.") from None
        if run.status == RunStatus.FAILED:
            raise CommandError(f"The reports could not be loaded: {run.error}")
        for table, count in sorted(run.rows.items()):
            self.stdout.write(f"{table:<24} {count:>8} rows")
        self.stdout.write(f"Loaded in {run.seconds:.1f} s.")
        for problem in filter(None, run.error.splitlines()):
            self.stdout.write(self.style.WARNING(problem))
