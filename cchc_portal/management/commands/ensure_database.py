"""Create the PostgreSQL database DATABASE_URL names, if it is missing (used by `make run`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named by DATABASE_URL if it does not exist yet."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write(f"Database: {db['NAME']} ({db['ENGINE'].rsplit('.', 1)[-1]})")
            return
        import psycopg2
        from psycopg2 import sql

        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "connect_timeout": 5,
        }
        try:
            conn = psycopg2.connect(dbname="postgres", **params)
        except psycopg2.Error as exc:
            raise CommandError(f"Cannot reach PostgreSQL at {db.get('HOST')}:{db.get('PORT')}: {exc}") from exc
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cur.fetchone():
                    self.stdout.write(f"Database {db['NAME']} exists.")
                    return
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                self.stdout.write(self.style.SUCCESS(f"Created database {db['NAME']}."))
        finally:
            conn.close()
