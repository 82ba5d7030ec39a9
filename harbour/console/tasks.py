"""Tasks the console itself runs. `ping` proves that the worker is taking work from the queue."""

import os

from django.tasks import task


@task()
def ping() -> dict:
    return {"pong": True, "pid": os.getpid()}
