"""etcd as a Raft group: elections with PreVote, quorum loss, partitions, log matching and catch-up."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from simulator import errors
from simulator.etcd import Etcd
from simulator.etcd_raft import LEADER, RaftGroup
from simulator.kernel import Kernel
from simulator.trace import Trace


def names(count: int) -> list[str]:
    return [f"etcd@control-plane-{i}" for i in range(1, count + 1)]


class Setup:
    def __init__(self, count: int = 3, seed: int = 1) -> None:
        self.kernel = Kernel(seed=seed)
        self.trace = Trace(lambda: self.kernel.now)
        self.store = Etcd(self.kernel)
        self.group = RaftGroup(self.kernel, self.trace, self.store, names(count))
        self.writes = 0

    def write(self, via: str) -> tuple[int, int]:
        """check(), the store write, committed(): the apiserver's path. Returns the entry's (index, term)."""
        self.group.check(via)
        self.writes += 1
        self.store.put(f"/registry/configmaps/default/k{self.writes}", self.writes)
        self.group.committed()
        leader = self.group.members[self.group.leader or ""]
        assert leader.commit_index == leader.last_index
        return leader.last_index, leader.term

    def advance(self, seconds: float) -> None:
        self.kernel.run(until=self.kernel.now + seconds)

    def messages(self, kind: str) -> list[str]:
        return [e.message for e in self.trace if e.kind == kind]

    def converged(self) -> None:
        leader = self.group.members[self.group.leader or ""]
        for row in self.group.status():
            assert row["behind"] == 0, row
            assert row["revision"] == self.store.revision, row
            assert (row["term"], row["leader"], row["lastIndex"], row["commitIndex"]) == (
                leader.term, leader.name, leader.last_index, leader.commit_index), row


def test_a_fresh_group_elects_its_first_member_at_term_2_and_then_schedules_nothing() -> None:
    s = Setup()
    assert s.group.leader == "etcd@control-plane-1" and s.group.members["etcd@control-plane-1"].term == 2
    assert s.messages("EtcdLeaderElected") == ["etcd@control-plane-1 became leader at term 2 (3 of 3 votes)"]
    assert len(s.messages("EtcdElection")) == 4
    s.advance(3.0)
    assert s.group.quorum() and s.group.writable()
    assert s.kernel.pending() == 0  # no heartbeat timers while healthy
    for member in names(3):
        s.write(member)
    s.converged()


def test_stopping_the_leader_elects_another_within_two_election_timeouts_at_a_higher_term() -> None:
    s = Setup()
    redraws: list[str | None] = []
    s.group.listeners.append(lambda: redraws.append(s.group.leader))
    s.write("etcd@control-plane-2")
    s.advance(5.0)
    old = s.group.leader
    assert old is not None
    stopped_at, old_term = s.kernel.now, s.group.members[old].term
    s.group.set_up(old, False)
    assert not s.group.quorum()
    with pytest.raises(errors.ApiError):
        s.write("etcd@control-plane-2")
    while s.group.leader is None:
        s.advance(0.01)
    assert 1.0 <= s.kernel.now - stopped_at < 2.0 + 0.02
    new = s.group.members[s.group.leader]
    assert new.name != old and new.term > old_term
    assert f"{old} stopped: leader lost at term {old_term}" in s.messages("EtcdLeaderLost")
    assert f"{new.name} became leader at term {new.term} (2 of 3 votes)" in s.messages("EtcdLeaderElected")
    assert redraws[-1] == new.name and None in redraws
    survivor = next(m for m in names(3) if m not in (old, new.name))
    s.write(survivor)
    s.write(new.name)
    s.group.set_up(old, True)
    s.advance(1.0)
    s.converged()


def test_one_of_three_down_keeps_quorum_two_down_times_out_and_restarted_members_catch_up() -> None:
    s = Setup()
    one, two, three = names(3)
    s.group.set_up(three, False)
    s.write(one)
    s.write(two)
    assert s.group.can_serve(one) and not s.group.can_serve(three)
    assert s.group.why_unavailable(three) == "member is down"
    s.group.set_up(two, False)
    with pytest.raises(errors.ApiError) as raised:
        s.group.check(one)
    assert raised.value.code == 500 and "etcdserver: request timed out" in str(raised.value.message)
    assert s.group.why_unavailable(one) == "etcd has no quorum (1 of 3 members reachable)"
    assert not s.group.quorum() and not s.group.writable()
    s.advance(1.5)  # CheckQuorum: the lone leader steps down
    assert s.group.members[one].role != LEADER
    assert "etcd@control-plane-1 stepped down: no quorum (1 of 3 members reachable)" in s.messages(
        "EtcdLeaderLost")
    revision = s.store.revision
    assert s.group.members[three].applied_revision < revision
    s.group.set_up(two, True)
    s.group.set_up(three, True)
    s.advance(3.0)
    assert s.group.quorum()
    for member in names(3):
        s.write(member)
    s.advance(0.5)
    s.converged()
    assert any(m.startswith(f"{three} caught up: ") for m in s.messages("EtcdCatchUp"))


def test_an_isolated_member_neither_inflates_its_term_nor_leads_and_rejoins_when_healed() -> None:
    s = Setup()
    s.advance(1.0)
    isolated = "etcd@control-plane-3"
    term = s.group.members[isolated].term
    s.group.set_isolated(isolated, True)
    for _ in range(10):
        s.write("etcd@control-plane-1")
        s.advance(1.0)
        member = s.group.members[isolated]
        assert member.term == term and member.role != LEADER
        assert not s.group.can_serve(isolated)
    assert s.group.why_unavailable(isolated) == f"{isolated} is cut off from its peers"
    with pytest.raises(errors.ApiError):
        s.group.check(isolated)
    failed = s.messages("EtcdPreVoteFailed")
    assert len(failed) >= 4
    assert failed[0] == (f"{isolated} cannot elect itself: pre-vote for term {term + 1} got 1 of 3 votes "
                         "(needs 2)")
    assert s.group.members[isolated].applied_revision < s.store.revision
    assert s.group.status()[2]["behind"] == 10
    s.group.set_isolated(isolated, False)
    assert s.group.status()[2]["behind"] == 10  # catch-up takes a little simulated time
    s.advance(0.1)
    s.converged()
    assert s.messages("EtcdCatchUp")[-1] == f"{isolated} caught up: 10 entries from etcd@control-plane-1"
    assert s.group.leader == "etcd@control-plane-1"  # the rejoining member did not disrupt the leader


def test_a_minority_old_leader_takes_an_uncommitted_entry_that_is_truncated_when_it_rejoins() -> None:
    s = Setup(count=5, seed=3)
    old = s.group.leader
    assert old is not None
    s.write(old)
    index, old_term = s.group.members[old].last_index, s.group.members[old].term
    s.group.set_isolated(old, True)
    with pytest.raises(errors.ApiError):
        s.group.check(old, write=False)  # a read appends nothing
    assert s.group.members[old].last_index == index
    with pytest.raises(errors.ApiError):
        s.group.check(old)
    assert s.group.members[old].last_index == index + 1  # appended, never committed
    assert s.group.members[old].commit_index == index
    s.advance(2.5)
    new = s.group.leader
    assert new is not None and new != old and s.group.members[new].term > old_term
    assert s.group.members[old].role != LEADER
    acked = [s.write(m) for m in names(5) if m != old]
    s.group.set_isolated(old, False)
    s.advance(0.5)
    s.converged()
    rejoined = s.group.members[old]
    assert rejoined.leader == new and rejoined.term_at(index + 1) == s.group.members[new].term
    assert all(rejoined.term_at(i) == t for i, t in acked)
    assert s.messages("EtcdCatchUp")[-1].endswith("(1 uncommitted entry truncated)")


def test_a_member_behind_the_compacted_log_catches_up_from_a_snapshot() -> None:
    s = Setup()
    s.group.set_up("etcd@control-plane-3", False)
    for _ in range(12_000):
        s.write("etcd@control-plane-1")
    s.group.set_up("etcd@control-plane-3", True)
    s.advance(0.1)
    assert s.group.status()[2]["behind"] == 12_000  # 10 ms + 12,000 / 50,000 s
    s.advance(0.5)
    s.converged()
    assert s.messages("EtcdCatchUp")[-1].startswith(
        "etcd@control-plane-3 caught up from a snapshot: 12,000 entries behind etcd@control-plane-1")


def test_a_write_that_needs_a_catching_up_member_for_its_quorum_waits_for_it() -> None:
    s = Setup()
    one, two, three = names(3)
    s.group.set_up(two, False)
    s.group.set_up(three, False)
    s.group.set_up(two, True)  # reachable again, but behind by nothing: back in sync at once
    s.group.set_up(three, True)
    s.group.set_up(two, False)
    s.write(one)
    index, term = s.write(one)
    s.group.set_up(two, True)
    assert s.group.status()[1]["behind"] == 2
    s.group.set_up(three, False)
    index, term = s.write(one)  # two must be caught up first for this to commit
    s.group.set_up(one, False)  # the only other copy is two's: three's log is behind, so two must win
    s.group.set_up(three, True)
    s.advance(3.0)
    assert s.group.leader == two and s.group.members[two].term_at(index) == term


class RaftMachine(RuleBasedStateMachine):
    """Random stops, starts, partitions, time and writes: Raft's safety properties hold throughout."""

    @initialize(count=st.sampled_from([3, 5]), seed=st.integers(0, 1000))
    def build(self, count: int, seed: int) -> None:
        self.s = Setup(count=count, seed=seed)
        self.names = names(count)
        self.leaders: dict[int, str] = {}  # term -> the one leader elected in it
        self.committed: dict[int, int] = {}  # index -> term, of entries known committed
        self.acked: list[tuple[int, int]] = []
        self.isolated_terms: dict[str, int] = {}
        self.terms = dict.fromkeys(self.names, 2)
        self.problems: list[str] = []
        self.checked: set[tuple[int, str]] = set()
        self.s.group.listeners.append(self.observe)
        self.observe()

    def observe(self) -> None:
        group = self.s.group
        for member in group.members.values():
            if member.role != LEADER:
                continue
            first = self.leaders.setdefault(member.term, member.name)
            if first != member.name:
                self.problems.append(f"two leaders in term {member.term}: {first}, {member.name}")
            elif (member.term, member.name) not in self.checked:  # Leader Completeness, at election
                self.checked.add((member.term, member.name))
                missing = [i for i, t in self.committed.items() if member.term_at(i) != t]
                if missing:
                    self.problems.append(f"leader {member.name} (term {member.term}) lacks {missing}")
        if group.leader is not None:
            leader = group.members[group.leader]
            self.committed[leader.commit_index] = leader.term_at(leader.commit_index) or 0

    def pick(self, i: int) -> str:
        return self.names[i % len(self.names)]

    @rule(i=st.integers(0, 4))
    def stop(self, i: int) -> None:
        self.s.group.set_up(self.pick(i), False)

    @rule(i=st.integers(0, 4))
    def start(self, i: int) -> None:
        self.s.group.set_up(self.pick(i), True)

    @rule(i=st.integers(0, 4))
    def isolate(self, i: int) -> None:
        name = self.pick(i)
        if not self.s.group.members[name].isolated:
            self.isolated_terms[name] = self.s.group.members[name].term
        self.s.group.set_isolated(name, True)

    @rule(i=st.integers(0, 4))
    def heal(self, i: int) -> None:
        self.isolated_terms.pop(self.pick(i), None)
        self.s.group.set_isolated(self.pick(i), False)

    @rule(seconds=st.sampled_from([0.005, 0.05, 0.3, 1.0, 2.5]))
    def advance(self, seconds: float) -> None:
        self.s.advance(seconds)

    @rule(i=st.integers(0, 4), count=st.integers(1, 3))
    def write(self, i: int, count: int) -> None:
        via = self.pick(i)
        for _ in range(count):
            can = self.s.group.can_serve(via)
            try:
                entry = self.s.write(via)
            except errors.ApiError:
                assert not can
                assert self.s.group.why_unavailable(via)
                return
            assert can
            self.acked.append(entry)
            self.committed[entry[0]] = entry[1]

    @invariant()
    def safety(self) -> None:
        if not hasattr(self, "s"):
            return
        self.observe()
        assert not self.problems, self.problems
        group = self.s.group
        assert group.leader is None or group.members[group.leader].role == LEADER
        for name, member in group.members.items():
            assert member.term >= self.terms[name], "a term went backwards"
            self.terms[name] = member.term
            if name in self.isolated_terms:
                assert member.term == self.isolated_terms[name], "an isolated member inflated its term"

    def teardown(self) -> None:
        """Heal everything: every acknowledged write is in every member's log, all applied."""
        if not hasattr(self, "s"):
            return
        self.isolated_terms.clear()
        for name in self.names:
            self.s.group.set_up(name, True)
            self.s.group.set_isolated(name, False)
        self.s.advance(6.0)
        self.safety()
        assert self.s.group.leader is not None
        self.s.converged()
        for member in self.s.group.members.values():
            for index, term in self.acked:
                assert member.term_at(index) == term, (member, index, term)


RaftMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None,
                                         suppress_health_check=list(HealthCheck))
test_raft_safety = RaftMachine.TestCase
