"""Background jobs: the one way Harbour queues and schedules work (docs/jobs.md).

- `harbour.jobs.queue.enqueue_on_commit`: every task is enqueued through it, so that no worker sees a task
  before the transaction that asked for it commits, nor ever if it rolls back.
- `harbour.jobs.claims.claim`: take a row (a due job, a due poll, a post to publish) by a conditional
  UPDATE, so that of several workers or schedulers exactly one goes ahead, without locks.
- `harbour.jobs.scheduler`: the clock (`harbour ingest --loop`), periodic jobs (`ScheduledJob`) and the
  due work other apps enqueue; `harbour.jobs.stale`: tasks a dead worker left running go back to the queue.
- `harbour worker` (management/commands/worker.py) and the Celery app (`harbour/jobs/celery.py`).

This package imports no other Harbour app's code outside its commands: apps name their tasks and due work
to it by dotted path, so that inbox, publishing and takedowns all sit above it.
"""
