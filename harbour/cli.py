"""The `harbour` command: `harbour screen` runs without Django; everything else is a management command."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["screen"]:
        from harbour.screening.cli import main as screen

        return screen(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["harbour", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
