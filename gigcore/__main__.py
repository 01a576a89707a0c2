"""Command line of gigcore: `python -m gigcore <command> ...`; `--help` lists the commands.

This module only dispatches: each command lives in its own module with a `register(subparsers)`
that adds its parser and sets `run` to the function that carries it out (returning an exit code).
"""

from __future__ import annotations

import argparse
import sys

from gigcore.audit import cli as audit_cli

COMMANDS = (audit_cli,)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m gigcore", description="Tools for people who earn online."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the chosen command."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
