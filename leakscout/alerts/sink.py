"""A local SMTP server that keeps each accepted message as an .eml file (the embedded default)."""
from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class EmlFolderHandler:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
        partial = self.folder / f".{name}.part"
        with open(partial, "wb") as handle:  # written whole, then renamed: no half mails in the folder
            handle.write(envelope.original_content or envelope.content)
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"


class MailSink:
    """`with MailSink(folder) as sink:` runs an SMTP server on 127.0.0.1; `sink.url` is its smtp:// URL."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 0):
        self.folder = Path(folder)
        self._controller = Controller(EmlFolderHandler(self.folder), hostname=host, port=port or _free_port(host))

    @property
    def url(self) -> str:
        return f"smtp://{self._controller.hostname}:{self._controller.port}"

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


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
