"""`RunFindings`: what the run's scenarios find for its end, in named fields.

The fixtures of `before_all` hold these lists and read them when the run ends: the campaigns
the run tried to create (swept if their cleanups missed one) and the paths of every request
sent (counted). In a parallel run each worker appends to its own copy, hands on what it added
with each unit's answer (`take_new`), and the parent `merge`s it into the very lists its
fixtures hold. The record is plain and picklable: it is all that crosses between processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunFindings:
    campaigns_attempted: list[str] = field(default_factory=list)  # names, as `campaigns.start` made them
    paths_sent: list[str] = field(default_factory=list)  # of every request the HTTP client sent
    _handed_on: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)

    def take_new(self) -> RunFindings:
        """What was found since the last call (the first: since the record was made)."""
        campaigns, paths = self._handed_on
        new = RunFindings(self.campaigns_attempted[campaigns:], self.paths_sent[paths:])
        self._handed_on = (len(self.campaigns_attempted), len(self.paths_sent))
        return new

    def merge(self, found: RunFindings) -> None:
        """Add what another process found, to the lists this one's fixtures hold."""
        self.campaigns_attempted.extend(found.campaigns_attempted)
        self.paths_sent.extend(found.paths_sent)
