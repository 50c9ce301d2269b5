"""The `kg` command: a thin layer over kg.api, one module per command (each with `register`).

Errors are one line on stderr with a documented exit status (see kg.errors), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kg.errors import EXIT_OK, KgError
from kg.settings import VERSION

EXIT_INTERNAL = 70
# Command modules of this package, in the order `kg --help` lists them.
COMMANDS = [
    "extract", "build", "list", "remove", "query", "export", "serve", "validate", "markup", "eval", "graph", "link",
]


class OneLineErrors(argparse.ArgumentParser):
    """A usage mistake is one line too, naming where the usage is (argparse would print the whole
    usage first); the exit status stays argparse's 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    main_parser = OneLineErrors(prog="kg", description="Film reviews in, a schema.org knowledge graph out.")
    main_parser.add_argument("--version", action="version", version=f"kg {VERSION}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kg.cli.{name}").register(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:200]
        print(f"kg: internal error: {type(exc).__name__}: {message} (set KG_DEBUG=1 for the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL
