"""Run every benchmark in bench/ (files named bench_*.py, each with a main() that prints its figures).

Usage: .venv/bin/python bench/run.py [NAME ...]   (NAME filters by substring of the file name)
"""

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(argv: list[str]) -> int:
    files = sorted(HERE.glob("bench_*.py"))
    if argv:
        files = [f for f in files if any(a in f.name for a in argv)]
    if not files:
        print("Chưa có benchmark nào / no benchmarks yet")
        return 0
    failed = []
    for path in files:
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        try:
            spec = importlib.util.spec_from_file_location(path.stem, path)
            assert spec is not None and spec.loader is not None, path
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.main()
        except Exception:  # one broken benchmark does not stop the others; the run still fails at the end
            traceback.print_exc()
            failed.append(path.stem)
        print(f"   ({time.perf_counter() - started:.1f} s in all)", flush=True)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
