"""Child processes of a PostgreSQL test run work on the test server (see tests/pgserver.py)."""

import os

if os.environ.get("NLTS_TEST_PG"):
    from tests.pgserver import install

    install()
