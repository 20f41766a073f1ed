"""Page "A pool and embedded migrations": what Django does at start-up that sqlx leaves to you.

Django has no pool to open: each thread opens its own connection on its first query, and
`manage.py migrate` is a command run before the server starts. This is that command, as a
deploy script calls it.
"""
from django.core.management import call_command


# ANCHOR: migrate
# settings.py: DATABASES names the file;
# each thread connects on its first query.

def migrate_at_startup() -> None:
    # Applies what is new, records it in the
    # django_migrations table: safe to run twice.
    call_command("migrate", interactive=False,
                 verbosity=0)
# ANCHOR_END: migrate
