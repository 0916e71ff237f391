#!/usr/bin/python3
"""Baseline for benchmarks/html_vs_readability.sh: Debian's python3-readability (readability-lxml)
over the HTML golden set. Prints JSON: seconds per page (best of ROUNDS passes) and the body text it
extracts from each page (scored by html_bench with the same tokenizer as khabar)."""
import json, os, sys, time

import lxml.html
from readability import Document


def main():
    golden, rounds = sys.argv[1], int(sys.argv[2])
    pages = []
    with open(os.path.join(golden, "expected.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                with open(os.path.join(golden, e["file"]), encoding="utf-8") as p:
                    pages.append((e["file"], p.read()))
    texts = {}
    for name, page in pages:
        summary = Document(page).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
        for br in root.iter("br"):
            br.tail = "\n" + (br.tail or "")
        for block in root.iter("p", "div", "li", "h1", "h2", "h3", "td"):
            block.tail = "\n" + (block.tail or "")
        texts[name] = root.text_content()
    best = None
    for _ in range(rounds):
        start = time.perf_counter()
        for _, page in pages:
            Document(page).summary(html_partial=True)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    json.dump({"tool": "readability-lxml", "pages": len(pages), "seconds_per_page": best / len(pages),
               "texts": texts}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
