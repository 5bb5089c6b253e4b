"""Conflicting writes from 20 threads at once against gunicorn (its own database, SQLite or PostgreSQL like the
rest of the run): no 5xx, exactly one winner where only one may win, projections equal a rebuild afterwards."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .site import Site

THREADS = 20


def burst(site: Site, token: str, calls: list[tuple[str, str, Any]]) -> list[tuple[int, Any]]:
    """Send every call at the same moment (a barrier), one thread each."""
    barrier = threading.Barrier(len(calls))

    def one(call: tuple[str, str, Any]) -> tuple[int, Any]:
        barrier.wait(timeout=30)
        return site.request(call[0], call[1], call[2], token=token)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(one, calls))


def refusals_are_clean(results: list[tuple[int, Any]]) -> Counter[int]:
    statuses = Counter(status for status, _ in results)
    assert not [s for s in statuses if s >= 500], results
    for status, body in results:
        if status >= 400:
            assert status in (409, 422), (status, body)
            assert body["detail"] and body["detail"].isascii() is False  # a Vietnamese sentence
    return statuses


def test_conflicting_writes_from_20_threads_never_fail_and_only_one_wins(site: Site) -> None:
    data = site.python("tests.ops.sitedata", "conflicts")
    site.serve(workers=2, threads=8)
    token = site.token()

    # The same candidate admitted 20 times: one member, 19 refusals.
    cid = data["candidates"][0]
    admit = {"decided_on": data["today"], "ceremony_on": data["today"], "decision": "77-QĐ/ĐUK"}
    statuses = refusals_are_clean(burst(site, token, [("POST", f"/api/v1/candidates/{cid}/admit", admit)] * THREADS))
    assert statuses[201] == 1

    # The same tax code registered 20 times: one enterprise.
    enterprise = {"name": "Công ty TNHH Cùng Lúc", "tax_code": data["tax_code"], "ownership": "private",
                  "locality_id": data["locality_id"], "registered_on": data["today"]}
    statuses = refusals_are_clean(burst(site, token, [("POST", "/api/v1/enterprises", enterprise)] * THREADS))
    assert statuses[201] == 1

    # The same cell's meeting of the same month recorded 20 times: one record.
    statuses = refusals_are_clean(burst(site, token, [("POST", "/api/v1/meetings", data["meeting"])] * THREADS))
    assert statuses[201] == 1

    # The same member transferred to two cells by 20 requests: each applies cleanly after the one before it or is
    # refused with a reason; the member ends in one of the two cells with a consistent history.
    member = data["member_id"]
    calls = [("POST", f"/api/v1/members/{member}/events",
              {"kind": "transferred", "effective_on": data["today"], "to_organization_id": to, "document": "5-QĐ"})
             for to in data["transfer_to"] * (THREADS // 2)]
    results = burst(site, token, calls)
    statuses = refusals_are_clean(results)
    assert statuses[201] >= 1
    status, body = site.request("GET", f"/api/v1/members/{member}", token=token)
    assert status == 200 and body["organization_id"] in data["transfer_to"]
    transfers = [e for e in body["events"] if e["kind"] == "transferred"]
    assert len(transfers) == statuses[201]
    print("transfer burst:", dict(statuses))

    site.close()
    check = site.dangvu("rebuild", "--check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
