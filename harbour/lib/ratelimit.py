"""Fixed-window rate limits shared by every worker process (docs/security.md F2).

    refusal = ratelimit.hit("sign_in_ip", ip)
    if refusal: ...answer 429...

Each limit is a count per window, from settings.HARBOUR_RATE_LIMITS (environment, docs/configuration.md).
Counts live in accounts.RateLimitCounter (see its docstring for why a table and not the cache). A fixed
window lets a burst of up to twice the count straddle a boundary; for these limits that is acceptable,
and it costs one statement a hit.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Refusal:
    limit: str
    retry_at: datetime.datetime
    first: bool  # the first refusal in this window (audited once, so a flood cannot flood the audit chain)


def limit_for(name: str) -> tuple[int, int]:
    """(count, window seconds) for a named limit; a KeyError names a limit nobody configured."""
    count, minutes = settings.HARBOUR_RATE_LIMITS[name]
    return count, minutes * 60


def hit(name: str, who: str) -> Refusal | None:
    """Count one attempt by `who` (an IP address, user id, email…) against limit `name`.
    Returns None when allowed, else a Refusal. Refused attempts count too."""
    from harbour.accounts.models import RateLimitCounter  # the table lives in an app; this module is shared

    count, _ = limit_for(name)
    now = timezone.now()
    key, ends = _window(name, who, now)
    table, key_column, count_column, expires_column = (
        connection.ops.quote_name(part)
        for part in (RateLimitCounter._meta.db_table, "key", "count", "expires_at")
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # One atomic upsert on SQLite (3.35+) and PostgreSQL alike.
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) VALUES (%s, 1, %s) "
                f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
                f"RETURNING {count_column}",
                [key, connection.ops.adapt_datetimefield_value(ends)],
            )
            used = cursor.fetchone()[0]
        if used == 1:  # a new window: clear out ended ones while we are here
            RateLimitCounter.objects.filter(expires_at__lt=now).delete()
    if used <= count:
        return None
    return Refusal(limit=name, retry_at=ends, first=used == count + 1)


def _window(name: str, who: str, now: datetime.datetime) -> tuple[str, datetime.datetime]:
    """The counter's key for `who` under limit `name` in the window holding `now`, and when that window ends."""
    _, seconds = limit_for(name)
    start = int(now.timestamp()) // seconds * seconds
    # Hash who: keys stay short, and emails or addresses are not kept in clear in a side table.
    digest = hashlib.sha256(f"{name}\0{who}".encode()).hexdigest()[:40]
    return f"{name}:{digest}:{start}", datetime.datetime.fromtimestamp(start + seconds, tz=datetime.UTC)


def over(name: str, who: str) -> Refusal | None:
    """Whether `who` has already used up limit `name` in this window, without counting an attempt: one read,
    no write. For limits that count only failures (a wrong code), checked before each try; hit() counts the
    failures."""
    from harbour.accounts.models import RateLimitCounter

    count, _ = limit_for(name)
    key, ends = _window(name, who, timezone.now())
    used = RateLimitCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return Refusal(limit=name, retry_at=ends, first=False) if used >= count else None
