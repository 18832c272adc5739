"""Run one pass of the member index's sync now, in this process (the worker does it in the
background when a picker finds the index due): `manage.py syncmembers [--full]`."""

from django.core.management.base import BaseCommand

from lives_admin.people.member_index.sync import run_sync


class Command(BaseCommand):
    help = "Copy the Spot's members into the local index (incremental, or --full)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Read every member (drops those who left)."
        )

    def handle(self, *args, **options):
        ran = run_sync(full=True if options["full"] else None)
        if ran is None:
            self.stdout.write("Another pass is running: nothing done.")
        else:
            self.stdout.write(f"Member index: {ran} pass done.")
