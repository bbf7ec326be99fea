"""What the steps of a parallel run leave for the rest of the run, carried from worker to parent.

Each scenario's result travels as its plain `Outcome` (see `unit_results.py`). Besides, steps keep
run-wide findings in lists on the run's context (made in `before_all`, read in `after_all`: the
campaigns a run tried to create). In a parallel run they append to a worker's copy; the parent,
which runs `after_all`, gets from `RunLists` what each worker appended since it last said.

Only values that survive pickling travel; anything else stays behind, with a note.
"""
from __future__ import annotations

import pickle
import sys
from typing import Any


class RunLists:
    """The lists on the run's context, as `before_all` left them (made in the parent, before forking)."""

    def __init__(self, context):
        root = context._root  # behave keeps the run-level layer here; the hooks' names live in it
        self.lists: dict[str, list] = {name: value for name, value in root.items()
                                       if isinstance(value, list) and not name.startswith(("@", "_"))}
        self.seen = {name: len(value) for name, value in self.lists.items()}

    def appended(self) -> dict[str, list]:
        """In a worker: the items appended to each list since the last call."""
        news = {}
        for name, value in self.lists.items():
            items = [item for item in value[self.seen[name]:] if _travels(item, f"an item of context.{name}")]
            self.seen[name] = len(value)
            if items:
                news[name] = items
        return news

    def extend(self, news: dict[str, list]) -> None:
        """In the parent: append what a worker appended, to the very lists the hooks hold."""
        for name, items in news.items():
            if name in self.lists:
                self.lists[name].extend(items)


def _travels(value: Any, what: str) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
    except Exception as error:  # any value may fail to pickle, each in its own way
        print(f"parallel run: {what} stays in its worker, it cannot be sent ({error.__class__.__name__})",
              file=sys.stderr)
        return False
    return True
