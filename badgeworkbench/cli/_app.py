"""The command group, and how errors reach people: one sentence, a traceback only with ``--debug``."""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

import click

from ..errors import BadgeWorkbenchError

__all__ = ["echo_json", "framework_path", "main", "run"]


class _Group(click.Group):
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
