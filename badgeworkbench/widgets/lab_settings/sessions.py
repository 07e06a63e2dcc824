"""One kernel for the workbench's notebooks: a facilitator who opens the nine notebooks starts one
kernel, not nine. The second notebook finds the workbench loaded and the framework open
(:func:`badgeworkbench.widgets.open_workbench` keeps one state per framework in a kernel), so its
panel is drawn at once, and an edit in one panel shows in the others.

JupyterLab is given this manager with ``--ServerApp.session_manager_class`` (see
:func:`badgeworkbench.widgets.lab_settings.lab_arguments`). A notebook that asks for another kind of
kernel gets its own, as usual; *Kernel › Shut Down* stops the kernel for every notebook using it,
while closing a notebook only stops the kernel when no other notebook uses it.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.sessions.sessionmanager import SessionManager

__all__ = ["SharedKernelSessionManager"]


class SharedKernelSessionManager(SessionManager):
    """Notebooks asking for the same kind of kernel share the one already running."""

    async def start_kernel_for_session(self, session_id: str, path: str | None, name: Any, type: str | None,
                                       kernel_name: str | None, *args: Any, **kwargs: Any) -> str:  # fmt: skip
        if type == "notebook" and not args and not kwargs.get("kernel_id"):
            running = await self.shared_kernel(kernel_name or self.kernel_manager.default_kernel_name)
            if running is not None:
                return running
        return await super().start_kernel_for_session(session_id, path, name, type, kernel_name, *args, **kwargs)

    async def shared_kernel(self, kernel_name: str) -> str | None:
        """The id of a live notebook kernel of ``kernel_name``, if a notebook already started one."""
        live = set(self.kernel_manager.list_kernel_ids())
        for session in await self.list_sessions():
            kernel = session.get("kernel") or {}
            if (session.get("type") == "notebook" and kernel.get("name") == kernel_name and kernel.get("id") in live
                    and kernel.get("execution_state") not in ("dead", "terminating")):  # fmt: skip
                return str(kernel["id"])
        return None

    async def delete_session(self, session_id: str) -> None:
        """Forget the session; stop its kernel only when no other session uses it."""
        session = await self.get_session(session_id=session_id)
        kernel_id = (session.get("kernel") or {}).get("id")
        others = [s for s in await self.list_sessions()
                  if s["id"] != session_id and (s.get("kernel") or {}).get("id") == kernel_id]  # fmt: skip
        if not others:
            await super().delete_session(session_id)
            return
        self.cursor.execute("DELETE FROM session WHERE session_id=?", (session_id,))
