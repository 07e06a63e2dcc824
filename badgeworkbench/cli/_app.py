"""The command group, and how errors reach people: one sentence, a traceback only with ``--debug``."""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from typing import Any

import click

from ..errors import BadgeWorkbenchError

__all__ = ["echo_json", "framework_path", "main", "run"]


class _Group(click.Group):
    """The command group: commands are imported when they run, listed without being imported.

    ``lazy_commands`` maps each command's name to the module of this package that defines it and
    to its one-line help (see :data:`badgeworkbench.cli.COMMANDS`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            importlib.import_module(f"{__package__}.{self.lazy_commands[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from the table for those not imported: the same lines, without importing them."""
        shown: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None:
                command = click.Command(name, help=self.lazy_commands[name][1])
            if not command.hidden:
                shown.append((name, command))
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])

    def invoke(self, ctx: click.Context) -> Any:
        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except BadgeWorkbenchError as error:
            if debug:
                traceback.print_exc()
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was left behind.", err=True)
            ctx.exit(130)
        except Exception as error:
            if debug:
                traceback.print_exc()
            else:
                click.echo(
                    f"Error: unexpected {type(error).__name__}: {error}. Run again with --debug for details, "
                    "and report it with that output.",
                    err=True,
                )
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.version_option(package_name="badgeworkbench", message="%(prog)s %(version)s")
def main(debug: bool) -> None:
    """Badge Workbench: co-design Open Badge frameworks, constellations and pathways."""


def run() -> None:
    """Console-script entry point."""
    main()


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


#: A framework folder argument (the folder that holds framework.yaml).
framework_path = click.Path(file_okay=False, dir_okay=True, path_type=str)
