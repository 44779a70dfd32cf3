# conftest.py - shared setup of the aiter_jit tests: a temporary kernel cache
# directory for the whole session (tests never touch ~/.cache/aiter).
import os
import shutil
import tempfile

import pytest

import aiter_jit

_CACHE_DIR = tempfile.mkdtemp(prefix="aiter-jit-test-")
aiter_jit.set_options(cache_dir=_CACHE_DIR, default_chip="gfx942")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def cache_dir():
    return _CACHE_DIR
