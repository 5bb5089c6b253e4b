"""The `dangvu` console command: Django's manage with the project's settings.

Commands of our own: demo, createadmin, createuser, rebuild (plus Django's migrate, check, runserver...).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
