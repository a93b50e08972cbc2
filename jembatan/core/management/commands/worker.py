"""`make worker`: run the database task worker and enqueue periodic jobs when they are due."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jembatan.core.scheduler import run_schedule_once


class Command(BaseCommand):
    help = "Run background tasks (database queue) and the periodic scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--schedule-interval", type=int, default=60, help="seconds between schedule checks")

    def handle(self, *args, schedule_interval, **options):
        stop = threading.Event()

        def schedule_loop():
            while not stop.is_set():
                for name in run_schedule_once():
                    self.stdout.write(f"scheduled {name}")
                stop.wait(schedule_interval)

        thread = threading.Thread(target=schedule_loop, name="scheduler", daemon=True)
        thread.start()
        try:
            call_command("db_worker", interval=1)
        finally:
            stop.set()
            thread.join(timeout=10)
