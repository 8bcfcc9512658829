"""The portal behind PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer), with Debian's pgbouncer.

The test starts a PgBouncer of its own in front of the local PostgreSQL, with the reset query run after
every transaction: each transaction then finds a server connection with no prepared statement and no open
cursor, as it would when PgBouncer hands it another client's connection. A process with the portal's own
settings runs the ORM through it: the same query many times (psycopg prepares a statement after five), a
big queryset read with ``iterator()`` (a server-side cursor), and a transaction. It works with
``DATABASE_POOLER=pgbouncer`` and fails without it: the setting is what makes the difference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.conftest import REQUIRE_SERVICES
from tests.faults import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.db import connection, transaction
    from portal.models import Unit

    for _ in range(12):  # psycopg prepares the statement after 5 executions
        Unit.objects.filter(code="soc-trang").count()
    assert sum(1 for _ in Unit.objects.iterator(chunk_size=1)) >= 2  # a server-side cursor
    with transaction.atomic():
        Unit.objects.filter(code="soc-trang").update(name="Qua PgBouncer")
    assert Unit.objects.get(code="soc-trang").name == "Qua PgBouncer"
    print("OK", connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"])
    """
)


@pytest.fixture
def pgbouncer():
    if not os.path.exists(PGBOUNCER):
        if REQUIRE_SERVICES:
            pytest.fail("needs Debian's pgbouncer (PORTAL_REQUIRE_SERVICES=1: required here)", pytrace=False)
        pytest.skip("needs Debian's pgbouncer")
    db = urlparse(os.environ["DATABASE_URL"])
    port = free_port()
    # Not pytest's tmp_path: its parent is private to root, and pgbouncer runs as postgres when we are root.
    tmp_path = Path(tempfile.mkdtemp(prefix="portal-pgbouncer-"))
    (tmp_path / "users.txt").write_text('"postgres" ""\n')
    (tmp_path / "pgbouncer.ini").write_text(
        textwrap.dedent(
            f"""
            [databases]
            * = host={db.hostname or "127.0.0.1"} port={db.port or 5432}
            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {tmp_path}/users.txt
            pool_mode = transaction
            server_reset_query = DISCARD ALL
            server_reset_query_always = 1
            logfile = {tmp_path}/pgbouncer.log
            """
        )
    )
    command = [PGBOUNCER, str(tmp_path / "pgbouncer.ini")]
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        shutil.chown(tmp_path, "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        if not wait_for_port(port, process):
            process.kill()
            log = (tmp_path / "pgbouncer.log").read_text() if (tmp_path / "pgbouncer.log").exists() else ""
            pytest.fail(f"pgbouncer did not start: {process.communicate()[0]} {log}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(tmp_path, ignore_errors=True)


def _run_through(port: int, pooler: str) -> subprocess.CompletedProcess:
    db = urlparse(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": "tests-only",
        "DATABASE_URL": f"postgres://{db.username or 'postgres'}@127.0.0.1:{port}/{connection.settings_dict['NAME']}",
        "DATABASE_POOLER": pooler,
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_the_orm_works_through_pgbouncer_in_transaction_mode(pgbouncer, committee, unit):
    result = _run_through(pgbouncer, "pgbouncer")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["OK", "0", "True"]


@pytest.mark.django_db(transaction=True)
def test_without_the_pooler_setting_the_same_work_fails_through_pgbouncer(pgbouncer, committee, unit):
    result = _run_through(pgbouncer, "")
    assert result.returncode != 0
    assert "does not exist" in result.stderr  # a prepared statement or a cursor lost between transactions
