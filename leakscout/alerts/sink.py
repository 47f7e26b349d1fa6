"""A local SMTP server that keeps each accepted message as an .eml file (the embedded default)."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class EmlFolderHandler:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        # names sort in the order the mails arrived: several arrive within one second
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 1_000_000_000))
        name = f"{stamp}.{now % 1_000_000_000:09d}-{uuid.uuid4().hex[:12]}.eml"
        partial = self.folder / f".{name}.part"
        with open(partial, "wb") as handle:  # written whole, then renamed: no half mails in the folder
            handle.write(envelope.original_content or envelope.content)
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"


class MailSink:
    """`with MailSink(folder) as sink:` runs an SMTP server on 127.0.0.1; `sink.url` is its smtp:// URL.

    With `tls=` an ssl.SSLContext the server offers STARTTLS (and requires it), or, with
    `implicit_tls=True`, speaks TLS from the first byte (smtps). With `credentials=(user, password)`
    it requires AUTH (after STARTTLS, when STARTTLS is on).
    """

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 0, tls=None, implicit_tls: bool = False,
                 credentials: tuple[str, str] | None = None):
        self.folder = Path(folder)
        self.credentials = credentials
        self.tls_mode = "smtps" if tls is not None and implicit_tls else "smtp+starttls" if tls is not None else "smtp"
        options: dict = {}
        if tls is not None and implicit_tls:
            options["ssl_context"] = tls
        elif tls is not None:
            options.update(tls_context=tls, require_starttls=True)
        if credentials:
            # aiosmtpd counts only STARTTLS as TLS for AUTH; an smtps connection is TLS from the start.
            options.update(authenticator=_Authenticator(*credentials), auth_required=True,
                           auth_require_tls=tls is not None and not implicit_tls)
        self._controller = Controller(EmlFolderHandler(self.folder), hostname=host, port=port or _free_port(host),
                                      **options)

    @property
    def url(self) -> str:
        login = ""
        if self.credentials:
            user, password = (quote(part, safe="") for part in self.credentials)
            login = f"{user}:{password}@"
        return f"{self.tls_mode}://{login}{self._controller.hostname}:{self._controller.port}"

    def start(self) -> "MailSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def messages(self) -> list[Path]:
        return sorted(self.folder.glob("*.eml"))

    def __enter__(self) -> "MailSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Authenticator:
    def __init__(self, user: str, password: str):
        self._login = (user.encode("utf-8"), password.encode("utf-8"))

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (getattr(auth_data, "login", None), getattr(auth_data, "password", None)) == self._login
        return AuthResult(success=ok, handled=False)


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
