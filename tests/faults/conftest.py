"""A private search node per test, so a test may stop and restart it."""
import pytest

from leakscout.storage import embedded_node
from leakscout.core.config import load_settings
from tests.conftest import free_node_port


class PrivateNode:
    def __init__(self, data_dir):
        self.paths = embedded_node.NodePaths.from_dirs(load_settings().cache, data_dir)
        self.port = free_node_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        embedded_node.up(self.paths, port=self.port, wait_seconds=180)

    def stop(self):
        embedded_node.down(self.paths)


@pytest.fixture
def private_node(search_node, tmp_path):
    node = PrivateNode(tmp_path / "node")
    node.start()
    yield node
    node.stop()
