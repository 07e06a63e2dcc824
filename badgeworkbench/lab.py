"""Opening the workbench in JupyterLab: a workspace with the notebooks and a framework, served until stopped.

A *workspace* is a folder holding ``notebooks/`` (the workbench notebooks, ``00-start-here.ipynb``
first) and ``frameworks/``. The package carries both the notebooks and the example framework
(``badgeworkbench/bundled/``), so an installed workbench sets a workspace up anywhere:

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> space = prepare_workspace(folder)
>>> space.framework.relative_to(folder).as_posix(), "notebooks/00-start-here.ipynb" in space.created
('frameworks/parcours-cvl', True)
>>> prepare_workspace(folder).created     # a second time: nothing to create, nothing overwritten
()

Nothing a person edited is ever overwritten: a notebook that differs from this version's is kept
(and named in :attr:`Workspace.kept`), an existing framework folder is left as it is.

:func:`serve` runs JupyterLab in its own session and, when this process is asked to stop
(Ctrl-C, ``SIGTERM``, the terminal closing), stops it the way it stops itself, kernels included,
then makes sure nothing of it is left running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BadgeWorkbenchError
from .files import is_framework_folder, read_framework
from .workspace import EXAMPLE_FRAMEWORK

if TYPE_CHECKING:
    import psutil

__all__ = [
    "START_NOTEBOOK",
    "Workspace",
    "bundled_notebooks",
    "lab_command",
    "open_lab",
    "prepare_workspace",
    "serve",
    "stop_process_tree",
]

START_NOTEBOOK = "00-start-here.ipynb"
#: What is never copied out of the example framework (locks, journals, half-written files).
_NOT_COPIED = shutil.ignore_patterns(".badgeworkbench.lock", ".save-journal.json", "*.tmp-*", "__pycache__")
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_MESSAGES = {
    "created": {"en": "Created {what} in {folder}.", "fr": "Créé dans {folder} : {what}."},
    "kept": {
        "en": "Kept your own {what} (it differs from this version's; delete it to get the new one).",
        "fr": "Conservé votre {what} (il diffère de celui de cette version ; supprimez-le pour avoir le nouveau).",
    },
    "several": {
        "en": "{folder} holds several frameworks: opening {chosen}. To open another: badgeworkbench lab {other}",
        "fr": "{folder} contient plusieurs référentiels : ouverture de {chosen}. Pour un autre : badgeworkbench lab {other}",
    },
    "opening": {
        "en": "Opening JupyterLab on {folder} with the framework {framework}.",
        "fr": "Ouverture de JupyterLab sur {folder} avec le référentiel {framework}.",
    },
    "stopping": {"en": "Stopping JupyterLab and its kernels…", "fr": "Arrêt de JupyterLab et de ses noyaux…"},
    "stopped": {"en": "JupyterLab stopped.", "fr": "JupyterLab est arrêté."},
}


def _say(key: str, lang: str, **values: object) -> str:
    return _MESSAGES[key].get(lang, _MESSAGES[key]["en"]).format(**values)


@dataclass(frozen=True)
class Workspace:
    """A folder ready to serve: the framework the notebooks open, and what setting it up changed."""

    folder: Path
    framework: Path
    #: Paths (relative to :attr:`folder`) this set-up created.
    created: tuple[str, ...] = ()
    #: Notebooks left as they were because they differ from this version's.
    kept: tuple[str, ...] = ()
    #: Other frameworks in the workspace, when it holds several.
    others: tuple[Path, ...] = ()

    def messages(self, lang: str = "fr") -> list[str]:
        """What setting the workspace up did, one sentence each, in ``lang`` ("fr" or "en")."""
        lines = [_say("created", lang, what=rel, folder=self.folder) for rel in self.created]
        lines += [_say("kept", lang, what=rel) for rel in self.kept]
        if self.others:
            lines.append(_say("several", lang, folder=self.framework.parent, chosen=self.framework.name,
                              other=self.others[0]))  # fmt: skip
        return lines


@contextmanager
def _bundled() -> Iterator[Path]:
    """The folder of what the package carries for a workspace (``badgeworkbench/bundled``)."""
    with as_file(files("badgeworkbench").joinpath("bundled")) as folder:
        yield Path(folder)


def bundled_notebooks() -> list[str]:
    """The names of the notebooks the package carries, in order.

    >>> bundled_notebooks()[0]
    '00-start-here.ipynb'
    """
    with _bundled() as folder:
        return sorted(p.name for p in (folder / "notebooks").glob("*.ipynb"))


def _copy_file_new(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` unless it exists, through a temporary file (an interruption leaves no
    half-written notebook). False when ``target`` appeared meanwhile (another ``lab`` in the same folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp-lab")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(source.read_bytes())
        try:
            os.link(temporary, target)  # unlike a rename, never replaces a file that appeared meanwhile
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if target.exists():
                return False
            os.replace(temporary, target)
        return True
    finally:
        Path(temporary).unlink(missing_ok=True)


def _copy_tree_new(source: Path, target: Path) -> bool:
    """Copy the folder ``source`` to ``target`` unless it exists, all at once or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp-lab"))
    try:
        shutil.copytree(source, temporary / "copy", ignore=_NOT_COPIED)
        try:
            os.rename(temporary / "copy", target)
        except OSError:
            if target.exists():  # another ``lab`` copied it meanwhile
                return False
            raise
        return True
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _frameworks_in(folder: Path) -> list[Path]:
    base = folder / "frameworks"
    return sorted(p for p in base.iterdir() if is_framework_folder(p)) if base.is_dir() else []


def prepare_workspace(
    folder: str | os.PathLike[str], framework: str | os.PathLike[str] | None = None, *, example: bool = False
) -> Workspace:
    """Make ``folder`` a workspace and choose the framework to open, creating only what is missing.

    The notebooks go to ``folder/notebooks/``. The framework is ``framework`` when given; otherwise the
    example (copied to ``folder/frameworks/parcours-cvl`` unless it is there) when ``example`` is true or
    the workspace holds no framework; otherwise the example if it is there, else the first by name.
    """
    root = Path(folder).resolve()
    if root.exists() and not root.is_dir():
        raise BadgeWorkbenchError(f"{root} is a file: give a folder for the workspace.")
    try:
        return _prepare(root, framework, example)
    except OSError as error:
        raise BadgeWorkbenchError(
            f"Cannot set up the workspace in {root} ({error.strerror or error}: {error.filename or root}): run "
            "badgeworkbench lab in a folder you can write to, or give one (badgeworkbench lab FOLDER)."
        ) from error


def _prepare(root: Path, framework: str | os.PathLike[str] | None, example: bool) -> Workspace:
    created: list[str] = []
    kept: list[str] = []
    with _bundled() as bundled:
        for source in sorted((bundled / "notebooks").glob("*.ipynb")):
            target = root / "notebooks" / source.name
            rel = target.relative_to(root).as_posix()
            if not target.exists() and _copy_file_new(source, target):
                created.append(rel)
            elif target.read_bytes() != source.read_bytes():
                kept.append(rel)
        others: list[Path] = []
        if framework is not None:
            chosen = Path(framework).resolve()
        else:
            found = _frameworks_in(root)
            in_workspace = root / "frameworks" / EXAMPLE_FRAMEWORK
            if example or not found or in_workspace in found:
                if not in_workspace.exists() and _copy_tree_new(bundled / EXAMPLE_FRAMEWORK, in_workspace):
                    created.append(f"frameworks/{EXAMPLE_FRAMEWORK}")
                if not is_framework_folder(in_workspace):
                    raise BadgeWorkbenchError(
                        f"{in_workspace} exists but holds no framework.yaml: move it away, or give the framework "
                        "to open (badgeworkbench lab FOLDER)."
                    )
                chosen = in_workspace
            else:
                chosen, others = found[0], found[1:]
    read_framework(chosen)  # a clear sentence now rather than a traceback inside a notebook
    return Workspace(root, chosen, tuple(created), tuple(kept), tuple(others))


def lab_command(workspace: Workspace, *, port: int | None = None, open_browser: bool = True) -> list[str]:
    """The ``python -m jupyterlab`` command serving ``workspace`` and opening the start notebook."""
    from .widgets.lab_settings import lab_arguments

    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace.folder}", *lab_arguments()]
    if (workspace.folder / "notebooks" / START_NOTEBOOK).is_file():
        command.append(f"--LabApp.default_url=/lab/tree/notebooks/{START_NOTEBOOK}")
    if port:
        command.append(f"--port={port}")
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root; JupyterLab refuses otherwise
    return command


class _StopRequested(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def stop_process_tree(process: subprocess.Popen[bytes], *, grace: float = 30.0) -> None:
    """Stop ``process`` (a Jupyter server) as it stops itself on ``SIGTERM`` — shutting its kernels down —
    then end whatever of its process tree is still running after ``grace`` seconds."""
    import psutil

    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    alive = [p for p in tree if _running(p)]
    for leftover in alive:  # kernels whose server could not shut them down
        with suppress(psutil.NoSuchProcess):
            leftover.terminate()
    _, still = psutil.wait_procs(alive, timeout=5)
    for leftover in still:
        with suppress(psutil.NoSuchProcess):
            leftover.kill()
    psutil.wait_procs(still, timeout=5)


def _running(process: psutil.Process) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


#: ``prctl`` option asking the kernel to signal a process when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get ``SIGTERM`` when this process dies, however it dies.

    A ``SIGKILL`` (the out-of-memory killer, ``kill -9``, a closed container) gives :func:`serve` no chance
    to stop the server: without this, JupyterLab would keep running, holding its port, with nobody to
    stop it. On ``SIGTERM`` the server shuts its kernels down too. Linux only (``prctl``); elsewhere None.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here, in the parent: the child must not import anything between fork and exec

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request took effect: nobody would signal us
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def serve(command: list[str], env: dict[str, str], *, on_stop: Callable[[], None] | None = None) -> int:
    """Run ``command`` (a Jupyter server) until it exits, or until this process is asked to stop.

    The server runs in its own session, so a terminal's Ctrl-C reaches this process only (and not the
    server's "Shut down this Jupyter server?" prompt); Ctrl-C, ``SIGTERM`` and ``SIGHUP`` then stop the
    server and its kernels (:func:`stop_process_tree`). If this process is killed outright (``SIGKILL``),
    the server gets ``SIGTERM`` from the kernel and stops with its kernels (Linux; :func:`_die_with_parent`).
    The kernel watches the *thread* that started the server: call this from one that lives as long as
    the server (the main thread, as the command does). Returns the server's exit code, or 0 once stopped.
    """

    def request_stop(signum: int, frame: object) -> None:
        raise _StopRequested(signum)

    previous = {sig: signal.signal(sig, request_stop) for sig in _STOP_SIGNALS}
    process = None
    try:
        process = subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=_die_with_parent())
        return process.wait()
    except _StopRequested:
        for sig in _STOP_SIGNALS:  # a second Ctrl-C must not interrupt the stopping itself
            signal.signal(sig, signal.SIG_IGN)
        if on_stop is not None:
            on_stop()
        if process is not None:
            stop_process_tree(process)
        return 0
    finally:
        if process is not None and process.poll() is None:  # stopped by anything else: leave nothing behind
            stop_process_tree(process)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def open_lab(
    path: str | os.PathLike[str] | None = None,
    *,
    example: bool = False,
    port: int | None = None,
    open_browser: bool = True,
    lang: str = "fr",
    echo: Callable[[str], None] = print,
) -> int:
    """``badgeworkbench lab``: set up the workspace, serve it, and stop it cleanly.

    ``path`` is a framework folder (opened, with the current folder as the workspace) or the workspace
    folder (default: the current folder); the notebooks open on the chosen framework.
    """
    if path is not None and is_framework_folder(path):
        workspace = prepare_workspace(Path.cwd(), path, example=example)
    else:
        if path is not None:
            folder = Path(path)
            if not folder.is_dir():
                read_framework(folder)  # the sentence every command gives for a missing folder
        workspace = prepare_workspace(Path.cwd() if path is None else path, example=example)
    for line in workspace.messages(lang):
        echo(line)
    echo(_say("opening", lang, folder=workspace.folder, framework=workspace.framework))
    env = dict(os.environ, BADGEWORKBENCH_FRAMEWORK=str(workspace.framework))
    code = serve(lab_command(workspace, port=port, open_browser=open_browser), env,
                 on_stop=lambda: echo(_say("stopping", lang)))  # fmt: skip
    if code == 0:
        echo(_say("stopped", lang))
    return code
