"""The `scale` profile of docker-compose.yml (README, "Scaling out"): what it must keep true.

It cannot run here (no image registry), so its shape is checked: two Odoo servers with prefork workers
behind the proxy, the cron on one, one shared volume for the filestore and sessions, the read-only requests
on a streaming replica of the primary.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
SERVERS = ("odoo-1", "odoo-2")


def option(service, name):
    """The value of ``--name=value`` on the command of a service, or None."""
    for arg in SERVICES[service].get("command", []):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}":
            return True
    return None


def test_default_services_have_no_profile():
    assert "profiles" not in SERVICES["db"]
    assert "profiles" not in SERVICES["odoo"]


def test_scale_profile_services():
    scaled = {name for name, service in SERVICES.items() if "scale" in service.get("profiles", [])}
    assert scaled == {"db-replica", "odoo-1", "odoo-2", "proxy"}


def test_two_servers_with_workers_and_the_cron_on_one():
    for server in SERVERS:
        assert int(option(server, "workers")) >= 2, server
        assert option(server, "proxy-mode"), server
    crons = [int(option(server, "max-cron-threads")) for server in SERVERS]
    assert sorted(crons) == [0, 1], "the cron runs on exactly one server"


def test_servers_share_the_filestore_and_read_from_the_replica():
    for server in SERVERS:
        assert "odoo-data:/var/lib/odoo" in SERVICES[server]["volumes"], server
        assert option(server, "db_replica_host") == "db-replica", server
        assert "db-replica" in SERVICES[server]["depends_on"], server
    assert "odoo-data" in COMPOSE["volumes"]


def test_proxy_balances_both_servers_and_their_websocket():
    conf_path = next(v.split(":")[0] for v in SERVICES["proxy"]["volumes"] if "nginx" in v)
    conf = (ROOT / conf_path).read_text(encoding="utf-8")
    http = re.search(r"upstream odoo_http \{(.*?)\}", conf, re.S).group(1)
    websocket = re.search(r"upstream odoo_websocket \{(.*?)\}", conf, re.S).group(1)
    for server in SERVERS:
        assert f"server {server}:8069" in http
        assert f"server {server}:8072" in websocket
    assert re.search(r"location /websocket \{[^}]*proxy_pass http://odoo_websocket;", conf)
    assert "proxy_set_header Upgrade $http_upgrade;" in conf


def test_replica_streams_from_the_primary():
    replica = SERVICES["db-replica"]
    script = (ROOT / replica["volumes"][1].split(":")[0]).read_text(encoding="utf-8")
    assert "pg_basebackup --host=db " in script and "--write-recovery-conf" in script
    assert "hot_standby=on" in script
    primary_init = next(v.split(":")[0] for v in SERVICES["db"]["volumes"] if "initdb" in v)
    assert "host replication" in (ROOT / primary_init).read_text(encoding="utf-8")
