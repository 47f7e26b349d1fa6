"""For scrapyd-deploy only: it builds its egg with `python setup.py bdist_egg` in the directory of
scrapy.cfg, and writes a setup.py of its own there when there is none. Everything else, the
`scrapy` entry point scrapyd runs the crawls with included, comes from pyproject.toml."""
from setuptools import setup

setup()
