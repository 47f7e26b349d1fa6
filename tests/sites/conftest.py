import pytest

from leakscout.demo_market import serve_demo_market


@pytest.fixture(scope="module")
def demo_market():
    with serve_demo_market() as market:
        yield market
