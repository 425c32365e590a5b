"""The kernel's ordering and etcd's revisions, watches, compaction and leases."""
from __future__ import annotations

import pytest

from simulator import errors
from simulator.etcd import CompareFailed, Etcd
from simulator.kernel import Kernel


def test_events_fire_in_time_then_insertion_order() -> None:
    kernel = Kernel(seed=1)
    fired: list[str] = []
    kernel.call_later(2.0, fired.append, "late")
    kernel.call_later(1.0, fired.append, "first")
    kernel.call_later(1.0, fired.append, "second")
    kernel.call_later(1.5, fired.append, "cancelled").cancel()
    kernel.run(until=5.0)
    assert fired == ["first", "second", "late"]
    assert kernel.now == 5.0


def test_same_seed_gives_same_random_draws() -> None:
    assert [Kernel(seed=7).rng.random() for _ in range(3)] == [Kernel(seed=7).rng.random() for _ in range(3)]


def test_mod_revision_strictly_increases_and_compare_and_swap_guards_writes() -> None:
    store = Etcd(Kernel())
    first = store.put("/registry/pods/default/a", {"n": 1})
    second = store.put("/registry/pods/default/a", {"n": 2}, expect_mod_revision=first.mod_revision)
    assert second.mod_revision > first.mod_revision
    assert second.create_revision == first.create_revision and second.version == 2
    with pytest.raises(CompareFailed):
        store.put("/registry/pods/default/a", {"n": 3}, expect_mod_revision=first.mod_revision)
    with pytest.raises(CompareFailed):
        store.put("/registry/pods/default/a", {"n": 3}, expect_mod_revision=0)


def test_range_lists_one_resource_and_namespace_in_key_order() -> None:
    store = Etcd(Kernel())
    for key in ("/registry/pods/b/x", "/registry/pods/a/y", "/registry/nodes/n1"):
        store.put(key, key)
    assert [kv.value for kv in store.range("/registry/pods/")] == ["/registry/pods/a/y", "/registry/pods/b/x"]
    assert [kv.value for kv in store.range("/registry/pods/b/")] == ["/registry/pods/b/x"]


def test_watch_from_a_compacted_revision_is_gone() -> None:
    kernel = Kernel()
    store = Etcd(kernel, compaction_window=300.0)
    old = store.put("/registry/pods/default/a", 1).mod_revision
    kernel.run(until=400.0)
    store.put("/registry/pods/default/a", 2)
    with pytest.raises(errors.ApiError) as caught:
        store.changes_since(old - 1)
    assert caught.value.code == 410
    assert [c.value for c in store.changes_since(store.revision - 1)] == [2]


def test_lease_expiry_deletes_its_keys() -> None:
    kernel = Kernel()
    store = Etcd(kernel)
    lease = store.grant(60.0)
    store.put("/registry/events/default/e1", "event", lease=lease)
    kernel.run(until=59.0)
    assert store.get("/registry/events/default/e1") is not None
    kernel.run(until=61.0)
    assert store.get("/registry/events/default/e1") is None


def test_an_unavailable_member_refuses_reads_and_writes() -> None:
    store = Etcd(Kernel())
    store.up = False
    with pytest.raises(errors.ApiError) as caught:
        store.put("/registry/pods/default/a", 1)
    assert "etcdserver: request timed out" in caught.value.message
