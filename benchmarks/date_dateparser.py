#!/usr/bin/python3
"""Runs Debian's python3-dateparser over a khabar date test list and prints one JSON line.

Fair setup: languages=['ar'] (no detection cost, no wrong language), DATE_ORDER='DMY',
PREFER_DAY_OF_MONTH='first', PREFER_DATES_FROM='past', RELATIVE_BASE = the list's reference time
(2022-02-11 12:00, naive local). A result counts as correct when its local wall-clock fields equal
the expected value at the expected granularity (offsets and calendar labels are not checked, which
favours dateparser); expected errors count as correct when dateparser returns None.
Usage: /usr/bin/python3 date_dateparser.py LIST [PASSES]
"""
import json
import sys
import time
from datetime import datetime

import warnings

import dateparser

warnings.filterwarnings("ignore")

SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
    "RELATIVE_BASE": datetime(2022, 2, 11, 12, 0, 0),
    "RETURN_AS_TIMEZONE_AWARE": False,
}
FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d", "minute": "%Y-%m-%dT%H:%M",
           "second": "%Y-%m-%dT%H:%M:%S"}


def local_part(value):
    # "2022-02-11T18:20+02:00" -> "2022-02-11T18:20"
    if "T" in value:
        date, _, clock = value.partition("T")
        for sign in "+-":
            if sign in clock:
                clock = clock.split(sign)[0]
        return date + "T" + clock
    return value


def main():
    path = sys.argv[1]
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip("\n"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 4:
                rows.append(cols)
    dateparser.parse("11 فبراير 2022", languages=["ar"], settings=SETTINGS)  # warm-up
    correct = 0
    failures = []
    start = time.perf_counter()
    for p in range(passes):
        for text, value, gran, _cal in rows:
            try:
                got = dateparser.parse(text, languages=["ar"], settings=SETTINGS)
            except Exception:  # dateparser raises on some inputs
                got = None
            if p:
                continue
            if value == "ERROR":
                ok = got is None
            else:
                ok = got is not None and got.strftime(FORMATS[gran]) == local_part(value)
            correct += ok
            if not ok:
                failures.append(text)
    secs = time.perf_counter() - start
    print(json.dumps({"tool": "dateparser " + dateparser.__version__, "strings": len(rows),
                      "correct": correct, "seconds_per_string": secs / (passes * len(rows)),
                      "passes": passes, "failures_sample": failures[:10]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
