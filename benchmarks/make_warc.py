#!/usr/bin/python3
"""Writes a large WARC archive (one gzip member per record, as CC-NEWS does) for the streaming
check of docs/inputs.md: `khabar parse` must keep its memory flat whatever the archive size.

  make_warc.py OUT.warc.gz SIZE_MB [DISTINCT_PAGES] [IMAGE_KB]

Records: a warcinfo record, then for each page a `request` record, a `response` record holding a
full-size news page (benchmarks/html_fullsize.py: 150-180 KB of HTML, five outlet layouts), and
after every fourth page a `response` with a JPEG-like binary payload (skipped by khabar as a
non-page); with IMAGE_KB, an image of that size follows every page instead (a cheap way to make a
very large archive that takes minutes, not hours, to parse). DISTINCT_PAGES (default 400) pages are generated and compressed once, then written
again and again (with the same URIs) until the archive reaches SIZE_MB megabytes on disk: the
archive is large, generating it is cheap. Output is deterministic."""
import gzip
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import html_fullsize  # noqa: E402


def record(warc_type, uri, block, content_type, n):
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
            f"WARC-Date: 2024-03-05T10:{n // 60 % 60:02d}:{n % 60:02d}Z\r\n"
            + (f"WARC-Target-URI: {uri}\r\n" if uri else "") +
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6)


def http_response(body, content_type):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            "Server: nginx\r\nCache-Control: max-age=60\r\n\r\n").encode() + body


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    distinct = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    image_kb = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    rng = random.Random(7)
    members = []
    for i in range(distinct):
        _, page, expected = html_fullsize.make_page(i)
        uri = expected["url"]
        members.append(record("request", uri, f"GET {uri} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                              "application/http; msgtype=request", 3 * i))
        members.append(record("response", uri, http_response(page.encode(), "text/html; charset=utf-8"),
                              "application/http; msgtype=response", 3 * i + 1))
        if image_kb or i % 4 == 3:
            image = rng.randbytes(image_kb * 1024 if image_kb else 30000)
            members.append(record("response", uri + ".jpg", http_response(image, "image/jpeg"),
                                  "application/http; msgtype=response", 3 * i + 2))
    target = int(size_mb * 1024 * 1024)
    written = 0
    with open(out, "wb") as f:
        info = record("warcinfo", "", b"software: khabar benchmarks/make_warc.py\r\nformat: WARC/1.0\r\n",
                      "application/warc-fields", 0)
        f.write(info)
        written += len(info)
        pages = 0
        while written < target:
            for m in members:
                f.write(m)
                written += len(m)
                if written >= target:
                    break
            pages += distinct
    print(f"{out}: {written / 1e6:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
