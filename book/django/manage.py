#!/usr/bin/env python
"""The Django twin of the course: `python manage.py test` runs the tests behind the book's claims."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
