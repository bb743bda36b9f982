import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.demo import DEMO_LOGINS

# Each app's demo.py has `seed(ctx)`; they run in this order and share ctx (units, people, ...).
DEMO_STEPS = ["agencies", "periods", "dossiers", "meetings", "indices", "scores"]


class Command(BaseCommand):
    help = "Load the Hà Giang 2019 demo data (units, people, periods, reports, meetings, rankings). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even though DEBUG is off (never on the province's real server).",
        )

    def handle(self, *args, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like a production server. Demo data (with known passwords) is "
                "not loaded there; pass --allow-production if you really mean it."
            )
        ctx: dict = {}
        with transaction.atomic():
            for app in DEMO_STEPS:
                if importlib.util.find_spec(f"{app}.demo") is None:
                    continue
                module = importlib.import_module(f"{app}.demo")
                module.seed(ctx)
        units, people = ctx["units"], ctx["people"]
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {len(units)} units, {len(people)} people."))
        self.stdout.write("Demo logins (password: DEMO_PASSWORD, default cchc-demo-2019):")
        for username in DEMO_LOGINS:
            user = people[username]
            self.stdout.write(f"  {username:<18} {user.get_role_display():<32} {user.agency}")
