"""etcd as a Raft group: stacked etcd members (one per control-plane node) in front of one store.

What is modelled exactly (etcd v3.5 defaults, the Raft paper's rules):

* terms and votes: one vote per term per member (``voted_for`` survives a restart, like the WAL),
  granted only to a candidate whose log is at least as up-to-date (last term, then last index);
* PreVote (``--pre-vote``, on since etcd 3.5): a member whose election timer fires first asks for
  pre-votes at ``term + 1`` and only increments its term if a majority would grant it, so an isolated
  member never inflates its term; voters that heard from a leader within the election timeout reject
  (pre)votes (leader stickiness); CheckQuorum: a leader that cannot reach a majority steps down after
  one election timeout;
* election timeouts randomised per election in ``[timeout, 2 * timeout)`` from the kernel's rng;
* the log: entries carry their term; a new leader appends a no-op entry for its term; an entry is
  committed once a majority holds it and only current-term entries are committed by counting (§5.4.2);
  a leader cut off from the majority still appends (uncommitted) entries for the requests that reach
  it, and those are truncated when it rejoins (log matching); lagging members catch up with the missing
  entries, or from a snapshot when they are behind the leader's compacted log, after a short delay.

What is abstracted:

* messages are not simulated one by one: heartbeats are implicit (a member reachable from a leader
  follows it at once), and an election's PreVote/RequestVote round completes at the instant the
  candidate's timer fires; nothing is scheduled while the group is healthy — timers exist only for
  members that lost their leader, leaders without quorum and catch-ups in flight;
* the replicated state machine is the one shared :class:`~simulator.etcd.Etcd` store: the apiserver
  writes it directly after :meth:`RaftGroup.check` passes and then calls :meth:`RaftGroup.committed`,
  which appends one entry to the leader's log (shared by reference with every in-sync follower, so a
  write costs O(1) whatever the group size); a member's ``applied_revision`` is the store revision it
  had applied when it fell out of sync;
* the network is either whole or a member is cut off from all its peers (``set_isolated``);
* entries hold only a term (logs are stored as runs of equal terms), not a payload.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from typing import Any

from . import errors
from .etcd import Etcd
from .kernel import Kernel, Timer
from .trace import Trace

LEADER, FOLLOWER, CANDIDATE, DOWN = "leader", "follower", "candidate", "down"
SNAPSHOT_KEEP = 10_000  # entries a leader keeps after compacting its log into a snapshot
CATCH_UP_BASE = 0.01  # seconds before a lagging member starts receiving entries
CATCH_UP_RATE = 50_000.0  # entries per second a leader streams to a lagging member
MAIN = "main"


class Log:
    """A raft log as runs of equal terms: entries ``starts[k] .. starts[k+1]-1`` have term ``terms[k]``.

    One object may be shared by a leader and its in-sync followers; ``owner`` is the member that
    appends to it. ``applied`` is the store revision applied through ``commit``, or None while the
    log is the quorum leader's (then it is the store's current revision).
    """

    __slots__ = ("owner", "starts", "terms", "last", "commit", "applied")

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.starts: list[int] = []
        self.terms: list[int] = []
        self.last = 0
        self.commit = 0
        self.applied: int | None = 0

    def term_at(self, index: int) -> int | None:
        if index <= 0:
            return 0
        if index > self.last:
            return None
        return self.terms[bisect_right(self.starts, index) - 1]

    @property
    def last_term(self) -> int:
        return self.terms[-1] if self.last else 0

    def append(self, term: int, count: int = 1) -> None:
        if not self.terms or self.terms[-1] != term:
            self.starts.append(self.last + 1)
            self.terms.append(term)
        self.last += count

    def copy(self, owner: str, applied: int) -> Log:
        log = Log(owner)
        log.starts = self.starts.copy()
        log.terms = self.terms.copy()
        log.last = self.last
        log.commit = self.commit
        log.applied = applied
        return log


def common_prefix(a: Log, b: Log) -> int:
    """The last index at which both logs agree (by log matching, they agree on everything before it)."""
    if a is b:
        return a.last
    hi = min(a.last, b.last)
    if a.term_at(hi) == b.term_at(hi):
        return hi
    lo = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a.term_at(mid) == b.term_at(mid):
            lo = mid
        else:
            hi = mid
    return lo


class Member:
    """One etcd member: its persisted raft state (term, vote, log) and its volatile role."""

    __slots__ = ("name", "up", "isolated", "role", "term", "voted_for", "leader", "log", "contact",
                 "election_timer", "step_down_timer", "catch_up", "_store")

    def __init__(self, name: str, store: Etcd) -> None:
        self.name = name
        self.up = True
        self.isolated = False
        self.role = FOLLOWER
        self.term = 1
        self.voted_for: str | None = None
        self.leader: str | None = None  # who it believes leads (may be stale)
        self.log = Log(name)
        self.contact = -math.inf  # last time it heard from a leader
        self.election_timer: Timer | None = None
        self.step_down_timer: Timer | None = None
        self.catch_up: tuple[Timer, str, int] | None = None  # (timer, leader, leader's term)
        self._store = store

    @property
    def last_index(self) -> int:
        return self.log.last

    @property
    def last_term(self) -> int:
        return self.log.last_term

    @property
    def commit_index(self) -> int:
        return self.log.commit

    @property
    def applied_revision(self) -> int:
        applied = self.log.applied
        return self._store.revision if applied is None else applied

    def term_at(self, index: int) -> int | None:
        """The term of this member's entry at ``index`` (entries folded into a snapshot included)."""
        return self.log.term_at(index)

    def __repr__(self) -> str:
        return f"Member({self.name} {self.role} term={self.term} last={self.last_index} leader={self.leader})"


class RaftGroup:
    """The etcd members of a highly-available control plane, agreeing on one log."""

    def __init__(self, kernel: Kernel, trace: Trace, store: Etcd, members: list[str], *,
                 heartbeat_interval: float = 0.1, election_timeout: float = 1.0) -> None:
        if not members:
            raise ValueError("a raft group needs at least one member")
        self.kernel = kernel
        self.trace = trace
        self.store = store
        self.heartbeat_interval = heartbeat_interval
        self.election_timeout = election_timeout
        self.members: dict[str, Member] = {name: Member(name, store) for name in members}
        self._order = list(self.members.values())
        self.quorum_size = len(self._order) // 2 + 1
        self.leader: str | None = None
        self.listeners: list[Callable[[], None]] = []
        self.elections: deque[tuple[float, int, str]] = deque(maxlen=1000)  # (time, term, leader)
        self._live: Log | None = None  # the quorum leader's log
        self._commits = False  # a majority shares the live log: a new entry commits at once
        self._signature: tuple[Any, ...] = ()
        # A fresh cluster: one ConfChange entry per member at term 1, committed everywhere.
        for member in self._order:
            member.log.append(1, len(self._order))
            member.log.commit = member.log.last
            member.log.applied = store.revision
        self._campaign(self._order[0])
        self._recompute()

    # -- the request path ----------------------------------------------------------------------
    def can_serve(self, member: str) -> bool:
        """Would a request arriving at ``member`` commit now (it reaches a leader that has a quorum)?"""
        leader = self.leader
        return leader is not None and self._reach(self.members[member], self.members[leader])

    def check(self, member: str, *, write: bool = True) -> None:
        """Raise the apiserver's etcd timeout unless a request through ``member`` can commit.

        A linearizable read (``write=False``) needs the same quorum (ReadIndex) but appends nothing.
        """
        if self.can_serve(member):
            if not self._commits:
                self._finish_needed_catch_ups()
            return
        m = self.members[member]
        if m.up and write:
            # The write reaches a leader that lost its quorum: it appends an entry no majority acknowledges
            # (truncated when it rejoins a newer leader; committed only if it regains its quorum first).
            for other in self._group(m):
                if other.role == LEADER:
                    other.log.append(other.term)
        raise errors.etcd_unavailable()

    def committed(self) -> None:
        """One write committed through the leader: a new entry, replicated to its in-sync followers."""
        log = self._live
        if log is not None:
            log.last += 1
            if self._commits:
                log.commit = log.last

    def quorum(self) -> bool:
        return self.leader is not None

    def writable(self) -> bool:
        """Can the store commit a write (lease expiry must wait while it cannot)?"""
        return self.leader is not None

    # -- faults --------------------------------------------------------------------------------
    def set_up(self, member: str, up: bool) -> None:
        """Stop or start a member's process; its WAL (log, term, vote) survives."""
        m = self.members[member]
        if m.up == up:
            return
        self._heartbeats()
        if up:
            m.up = True
            m.role = FOLLOWER
            m.leader = None
            m.contact = -math.inf
        else:
            was_leader = m.role == LEADER
            m.up = False
            m.role = DOWN
            m.leader = None
            self._cancel_timers(m)
            if was_leader:
                self._emit(m, m, "stop", m.term, f"{m.name} stopped: leader lost at term {m.term}",
                           "EtcdLeaderLost")
        self._recompute()

    def set_isolated(self, member: str, isolated: bool) -> None:
        """A network partition that cuts ``member`` off from all of its peers (or heals it)."""
        m = self.members[member]
        if m.isolated == isolated:
            return
        self._heartbeats()
        m.isolated = isolated
        self._recompute()

    # -- reading -------------------------------------------------------------------------------
    def status(self) -> list[dict[str, Any]]:
        reference = self._reference_log()
        rows = []
        for m in self._order:
            if reference is None or m.log is reference:
                behind = 0
            else:
                behind = max(0, reference.last - common_prefix(m.log, reference))
            rows.append({
                "name": m.name, "role": m.role, "term": m.term, "leader": m.leader,
                "revision": m.applied_revision, "lastIndex": m.last_index, "commitIndex": m.commit_index,
                "up": m.up, "isolated": m.isolated, "behind": behind,
            })
        return rows

    def why_unavailable(self, member: str) -> str:
        """Why a write through ``member`` cannot commit, in plain words ("" when it can)."""
        m = self.members[member]
        if self.can_serve(member):
            return ""
        if not m.up:
            return "member is down"
        if m.isolated and len(self._order) > 1:
            return f"{m.name} is cut off from its peers"
        reachable = len(self._group(m))
        if reachable < self.quorum_size:
            return f"etcd has no quorum ({reachable} of {len(self._order)} members reachable)"
        return f"etcd has no leader: election in progress (term {max(x.term for x in self._order)})"

    # -- internals: topology -------------------------------------------------------------------
    @staticmethod
    def _reach(a: Member, b: Member) -> bool:
        return a.up and b.up and (a is b or not (a.isolated or b.isolated))

    def _group(self, m: Member) -> list[Member]:
        """The up members ``m`` can exchange messages with, itself included."""
        if not m.up:
            return []
        if m.isolated:
            return [m]
        return [x for x in self._order if x.up and not x.isolated]

    def _groups(self) -> list[list[Member]]:
        main = [x for x in self._order if x.up and not x.isolated]
        alone = [[x] for x in self._order if x.up and x.isolated]
        return ([main] if main else []) + alone

    def _heartbeats(self) -> None:
        """Followers heard their leader up to now: called before anything changes who reaches whom."""
        now = self.kernel.now
        members = self.members
        for m in self._order:
            if m.up and m.role == FOLLOWER and m.leader is not None:
                leader = members[m.leader]
                if leader.role == LEADER and self._reach(m, leader):
                    m.contact = now

    # -- internals: the state after any change -------------------------------------------------
    def _recompute(self, *, notify: bool = False) -> None:
        now = self.kernel.now
        store_revision = self.store.revision
        quorum_leader: Member | None = None
        leader_of: dict[str, Member] = {}  # member name -> the leader it follows now
        for group in self._groups():
            leaders = [m for m in group if m.role == LEADER]
            if not leaders:
                continue
            top = max(group, key=lambda m: m.term)
            leader: Member | None = max(leaders, key=lambda m: m.term)
            assert leader is not None
            if leader.term < top.term:
                leader = None
            for stale in leaders:
                if stale is not leader:
                    self._step_down(stale, top.term, f"{stale.name} stepped down: saw term {top.term} "
                                                     f"from {top.name}")
            if leader is None:
                continue
            for m in group:
                if m is leader:
                    continue
                if m.term < leader.term:
                    m.term = leader.term
                    m.voted_for = None
                m.role = FOLLOWER
                m.leader = leader.name
                m.contact = now
                leader_of[m.name] = leader
                if m.election_timer is not None:
                    m.election_timer.cancel()
                    m.election_timer = None
            if len(group) >= self.quorum_size:
                quorum_leader = leader
                if leader.step_down_timer is not None:
                    leader.step_down_timer.cancel()
                    leader.step_down_timer = None
            elif leader.step_down_timer is None:
                leader.step_down_timer = self.kernel.call_later(
                    self.election_timeout, self._check_quorum, leader, leader.term)

        # Logs: a member shares a log object only with the leader it follows right now.
        for m in self._order:
            leader = leader_of.get(m.name)
            target = leader.log if leader is not None else None
            log = m.log
            if log.owner != m.name and log is not target:
                m.log = log.copy(m.name, store_revision if log.applied is None else log.applied)
        live = quorum_leader.log if quorum_leader is not None else None
        for m in self._order:
            log = m.log
            if log is live:
                log.applied = None
            elif log.applied is None:
                log.applied = store_revision

        # Followers out of sync catch up; members without a leader campaign after a timeout.
        for m in self._order:
            leader = leader_of.get(m.name)
            if leader is not None:
                if m.log is not leader.log and m.log.last == leader.log.last \
                        and m.log.last_term == leader.log.last_term:
                    m.log = leader.log  # identical logs (log matching): nothing to send
                if m.log is leader.log:
                    self._cancel_catch_up(m)
                else:
                    self._schedule_catch_up(m, leader)
            else:
                self._cancel_catch_up(m)
                if m.up and m.role != LEADER and m.election_timer is None:
                    self._schedule_election(m)

        self.leader = quorum_leader.name if quorum_leader is not None else None
        self._live = live
        if quorum_leader is not None:
            synced = sum(1 for m in self._order if m.log is live)
            self._commits = synced >= self.quorum_size
            self._advance_commit(quorum_leader)
        else:
            self._commits = False
        self._notify(force=notify)

    def _advance_commit(self, leader: Member) -> None:
        log = leader.log
        matches = sorted((log.last if m.log is log else common_prefix(m.log, log) for m in self._order),
                         reverse=True)
        index = matches[self.quorum_size - 1]
        if index > log.commit and log.term_at(index) == leader.term:
            log.commit = index

    def _notify(self, *, force: bool = False) -> None:
        signature = tuple((m.role, m.term, m.leader) for m in self._order) + (self.leader,)
        if force or signature != self._signature:
            self._signature = signature
            for listener in list(self.listeners):
                listener()

    def _reference_log(self) -> Log | None:
        if self.leader is not None:
            return self.members[self.leader].log
        leaders = [m for m in self._order if m.role == LEADER]
        return max(leaders, key=lambda m: m.term).log if leaders else None

    # -- internals: elections ------------------------------------------------------------------
    def _schedule_election(self, m: Member) -> None:
        timeout = self.kernel.rng.uniform(self.election_timeout, 2 * self.election_timeout)
        m.election_timer = self.kernel.call_later(timeout, self._election_timeout, m)

    def _election_timeout(self, m: Member) -> None:
        m.election_timer = None
        if not m.up or m.role == LEADER:
            return
        self._heartbeats()
        self._campaign(m)
        self._recompute()

    def _sticky(self, voter: Member) -> str:
        """Leader stickiness: a voter that has a live leader ignores (pre-)vote requests outright."""
        if voter.role == LEADER:
            return "it is the leader"
        if voter.leader is not None and self.kernel.now - voter.contact < self.election_timeout:
            return f"it heard from leader {voter.leader} within the election timeout"
        return ""

    def _rejects(self, voter: Member, candidate: Member, term: int, *, pre: bool) -> str:
        """Why ``voter`` refuses its (pre-)vote for ``candidate`` at ``term``, or "" to grant it."""
        sticky = self._sticky(voter)
        if sticky:
            return sticky
        if term < voter.term:
            return f"it is at term {voter.term}"
        if term == voter.term and voter.voted_for not in (None, candidate.name):
            return f"it voted for {voter.voted_for} in term {term}"
        if pre and term == voter.term and voter.leader is not None:
            return f"it follows {voter.leader}"
        if (candidate.log.last_term, candidate.log.last) < (voter.log.last_term, voter.log.last):
            return (f"candidate's log is behind (last entry {candidate.log.last:,} at term "
                    f"{candidate.log.last_term}, voter's {voter.log.last:,} at term {voter.log.last_term})")
        return ""

    def _campaign(self, m: Member) -> None:
        """The election timer fired: a PreVote round, then (with a majority) a real election."""
        peers = [p for p in self._group(m) if p is not m]
        total = len(self._order)
        term = m.term + 1
        m.role = CANDIDATE
        m.leader = None
        granted = 1
        for p in peers:
            why = self._rejects(p, m, term, pre=True)
            granted += not why
            self._emit(m, p, "prevote", term, f"{m.name} → {p.name}: PreVote term {term}: "
                                             + (f"rejected ({why})" if why else "granted"), "EtcdElection")
        if granted < self.quorum_size:
            self._emit(m, m, "prevote", term, f"{m.name} cannot elect itself: pre-vote for term {term} got "
                                              f"{granted} of {total} votes (needs {self.quorum_size})",
                       "EtcdPreVoteFailed")
            higher = max((p.term for p in peers), default=0)
            if higher > m.term:  # a rejection carries the voter's higher term
                m.term, m.voted_for, m.role = higher, None, FOLLOWER
            self._schedule_election(m)
            return
        m.term = term
        m.voted_for = m.name
        granted = 1
        for p in peers:
            why = self._sticky(p)
            if not why:
                if p.term < term:  # a higher-term RequestVote: the voter adopts the term first
                    p.term, p.voted_for, p.leader = term, None, None
                why = self._rejects(p, m, term, pre=False)
            if not why:
                p.voted_for = m.name
                granted += 1
            self._emit(m, p, "vote", term, f"{m.name} → {p.name}: RequestVote term {term}: "
                                           + (f"rejected ({why})" if why else "granted"), "EtcdElection")
        if granted < self.quorum_size:
            self._schedule_election(m)
            return
        self._become_leader(m, peers, granted)

    def _become_leader(self, m: Member, peers: list[Member], votes: int) -> None:
        m.role = LEADER
        m.leader = m.name
        if m.election_timer is not None:
            m.election_timer.cancel()
            m.election_timer = None
        if m.log.owner != m.name:
            m.log = m.log.copy(m.name, self.store.revision if m.log.applied is None else m.log.applied)
        for p in peers:
            if p.election_timer is not None:
                p.election_timer.cancel()
                p.election_timer = None
            if p.log is not m.log and p.log.last == m.log.last and p.log.last_term == m.log.last_term:
                p.log = m.log
        m.log.append(m.term)  # the new leader's no-op entry
        self.elections.append((self.kernel.now, m.term, m.name))
        self._emit(m, m, "elect", m.term, f"{m.name} became leader at term {m.term} "
                                          f"({votes} of {len(self._order)} votes)", "EtcdLeaderElected")

    def _step_down(self, m: Member, term: int, message: str) -> None:
        self._emit(m, m, "step down", m.term, message, "EtcdLeaderLost")
        if term > m.term:
            m.term, m.voted_for = term, None
        m.role = FOLLOWER
        m.leader = None
        m.contact = -math.inf
        if m.step_down_timer is not None:
            m.step_down_timer.cancel()
            m.step_down_timer = None

    def _check_quorum(self, m: Member, term: int) -> None:
        """CheckQuorum: a leader that heard from no majority for an election timeout steps down."""
        m.step_down_timer = None
        if m.role != LEADER or m.term != term or len(self._group(m)) >= self.quorum_size:
            return
        self._heartbeats()
        reachable = len(self._group(m))
        self._step_down(m, m.term, f"{m.name} stepped down: no quorum ({reachable} of {len(self._order)} "
                                   "members reachable)")
        self._recompute()

    # -- internals: catch-up -------------------------------------------------------------------
    def _schedule_catch_up(self, m: Member, leader: Member) -> None:
        pending = m.catch_up
        if pending is not None:
            if pending[1] == leader.name and pending[2] == leader.term:
                return
            pending[0].cancel()
        entries = leader.log.last - common_prefix(m.log, leader.log)
        timer = self.kernel.call_later(CATCH_UP_BASE + entries / CATCH_UP_RATE, self._catch_up_done, m,
                                       leader, leader.term)
        m.catch_up = (timer, leader.name, leader.term)

    def _cancel_catch_up(self, m: Member) -> None:
        if m.catch_up is not None:
            m.catch_up[0].cancel()
            m.catch_up = None

    def _catch_up_done(self, m: Member, leader: Member, term: int) -> None:
        m.catch_up = None
        if leader.role != LEADER or leader.term != term or m.leader != leader.name \
                or not self._reach(m, leader):
            return
        self._heartbeats()
        self._sync(m, leader)
        self._recompute(notify=True)

    def _sync(self, m: Member, leader: Member) -> None:
        """Log matching: truncate ``m``'s divergent suffix, then send the rest (or a snapshot)."""
        log = leader.log
        match = common_prefix(m.log, log)
        truncated = m.log.last - match
        sent = log.last - match
        if match < log.last - SNAPSHOT_KEEP:
            message = (f"{m.name} caught up from a snapshot: {_entries(sent)} behind {leader.name}, "
                       f"snapshot at index {log.last:,}")
        else:
            message = f"{m.name} caught up: {_entries(sent)} from {leader.name}"
        if truncated:
            message += f" ({_entries(truncated, 'uncommitted ')} truncated)"
        m.log = log
        m.term = max(m.term, leader.term)
        self._emit(leader, m, "catch up", leader.term, message, "EtcdCatchUp")

    def _finish_needed_catch_ups(self) -> None:
        """A write waits for lagging followers when they are needed for its quorum (a few ms early)."""
        live = self._live
        synced = sum(1 for m in self._order if m.log is live)
        pending = sorted((m for m in self._order if m.catch_up is not None and m.log is not live),
                         key=lambda m: m.catch_up[0].time if m.catch_up else 0.0)
        for m in pending:
            if synced >= self.quorum_size:
                break
            assert m.catch_up is not None and self.leader is not None
            m.catch_up[0].cancel()
            m.catch_up = None
            self._sync(m, self.members[self.leader])
            synced += 1
        self._recompute(notify=True)

    def _cancel_timers(self, m: Member) -> None:
        for timer in (m.election_timer, m.step_down_timer):
            if timer is not None:
                timer.cancel()
        m.election_timer = m.step_down_timer = None
        self._cancel_catch_up(m)

    def _emit(self, actor: Member, target: Member, verb: str, term: int, message: str, kind: str) -> None:
        self.trace.emit(actor.name, target.name, verb, f"raft term {term}", message, kind=kind)


def _entries(count: int, adjective: str = "") -> str:
    return f"{count:,} {adjective}{'entry' if count == 1 else 'entries'}"
