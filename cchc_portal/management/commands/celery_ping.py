from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc_portal.tasks import ping


class Command(BaseCommand):
    help = "Send the ping task to the queue and wait for a worker's answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for the answer.")

    def handle(self, *args, timeout: float, **options):
        mode = "in-process (REDIS_URL unset)" if settings.CELERY_TASK_ALWAYS_EAGER else "broker"
        try:
            result = ping.delay()
        except Exception as exc:
            raise CommandError(f"Could not reach the broker: {exc}") from exc
        try:
            answer = result.get(timeout=timeout)
        except Exception as exc:
            raise CommandError(f"No answer within {timeout:g} s (is `make worker` running?): {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"pong from {answer['hostname']} [{mode}]"))
