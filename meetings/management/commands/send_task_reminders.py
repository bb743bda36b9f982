import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from meetings.services import reminders_send


class Command(BaseCommand):
    help = (
        "Send each unit one e-mail digest of its tasks due within TASK_REMINDER_DAYS and overdue. "
        "What the morning beat job runs; safe to run twice (one digest per unit and day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind for, dd/mm/yyyy (default: today).")

    def handle(self, *args, date: str | None, **options):
        day = None
        if date:
            try:
                day = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(f"--date must look like 13/06/2019, not {date!r}") from exc
        run = reminders_send(day=day)
        self.stdout.write(f"Task reminders for {run.day:%d/%m/%Y}:")
        for entry in run.sent:
            self.stdout.write(
                f"  sent     {entry.agency.code:<16} {entry.overdue_count} overdue, {entry.due_soon_count} due soon"
                f" -> {entry.recipients}"
            )
        for agency in run.already_sent:
            self.stdout.write(f"  skipped  {agency.code:<16} already sent today")
        for agency in run.no_address:
            self.stdout.write(f"  skipped  {agency.code:<16} no contact e-mail address")
        for agency in run.failed:
            self.stdout.write(self.style.ERROR(f"  FAILED   {agency.code:<16} will be retried on the next run"))
        self.stdout.write(self.style.SUCCESS(f"{len(run.sent)} digest(s) sent."))
        if run.failed:
            raise CommandError(f"{len(run.failed)} digest(s) could not be sent.")
