"""Claiming a row without locks: a conditional UPDATE that only one of several claimers can win.

Each scheduler and worker reads what is due, then claims it by changing the row only if it still holds
what was read. The database serialises UPDATEs of one row (SQLite's write lock; on PostgreSQL the second
UPDATE waits for the first to commit, then checks its WHERE clause again against the new row), so exactly
one claimer sees one row changed and goes ahead; the others see none and leave it. This is how
healthchecks' sendalerts claims its flips, and it needs no SELECT ... FOR UPDATE, no lease table and no
lock held while the work runs.

Claim inside the transaction that enqueues the work (`enqueue_on_commit`), so that the claim and the
work commit together, or neither does.
"""

from django.db import models


def claim(model: type[models.Model], pk, *, when: dict, change: dict) -> bool:
    """Make `change` to the row `pk` of `model` if it still matches `when`; True for the one claimer that did.

    `when` holds what the claimer read (`{"next_poll_at": seen}`) or a test of being due
    (`{"status": "scheduled", "publish_at__lte": now}`); a plain field given None means it is still empty.
    `change` must make `when` false (move the time on, change the status), or a second claimer would win too.
    """
    conditions = {
        (f"{name}__isnull" if value is None and "__" not in name else name): (
            True if value is None and "__" not in name else value
        )
        for name, value in when.items()
    }
    return model._default_manager.filter(pk=pk, **conditions).update(**change) == 1
