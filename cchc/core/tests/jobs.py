"""Jobs of the worker fault tests (registered by the test settings' PROCRASTINATE_IMPORT_PATHS)."""

import time
from pathlib import Path

from procrastinate.contrib.django import app

QUEUE = "test_faults"


@app.task(queue=QUEUE, name="tests.finish_on_second_run")
def finish_on_second_run(marker: str) -> None:
    """The first run leaves a marker and hangs (to be killed); a retry finds the marker and finishes."""
    path = Path(marker)
    if path.exists():
        path.write_text("done", encoding="utf-8")
        return
    path.write_text("started", encoding="utf-8")
    time.sleep(120)
