#!/usr/bin/env python3
"""Runs trafilatura's default extraction on every file of a folder, for the
side-by-side rows of bench/extract.sh (the anchor of issue 6).

  trafilatura_run.py DIR OUT.jsonl [--no-comments]

For each file (sorted by name) the raw bytes are read and passed to
`trafilatura.extract(html)` with every argument left at its default, as
../shared/specs/extraction-reference.md describes the anchor ("trafilatura
2.2.0 (default)"); trafilatura decodes the bytes itself, as winnow does.
--no-comments passes include_comments=False (trafilatura's default is True;
its own tests/evaluate.py "trafilatura" row uses False, and winnow leaves
comments out unless --with-comments): a side measurement, not the anchor.
Writes one JSONL record per page, {"id": path, "text": output or ""}, which
bench/extract_score.py scores exactly like winnow's output.

Prints one line on stdout:
  "CPU_SECONDS WALL_SECONDS PAGES FAILED VERSION LXML_VERSION"
where CPU_SECONDS is time.process_time() over the read + extract loop only
(interpreter start and imports excluded, which favours the anchor slightly).
A page on which trafilatura raises counts as empty output and as FAILED.

trafilatura and its pure-Python dependencies come from PYTHONPATH (set by
bench/extract.sh); nothing of theirs is part of winnow."""
import json
import os
import sys
import time


def main():
    src, out = sys.argv[1:3]
    kwargs = {'include_comments': False} if '--no-comments' in sys.argv[3:] else {}
    import lxml
    import trafilatura
    names = sorted(os.listdir(src))
    failed = 0
    t0 = time.process_time()
    w0 = time.perf_counter()
    with open(out, 'w', encoding='utf-8') as fo:
        for name in names:
            path = os.path.join(src, name)
            with open(path, 'rb') as f:
                html = f.read()
            try:
                text = trafilatura.extract(html, **kwargs)
            except Exception as e:  # an anchor crash is a data point, not a bench failure
                print(f'trafilatura_run: {name}: {type(e).__name__}: {e}', file=sys.stderr)
                failed += 1
                text = None
            fo.write(json.dumps({'id': path, 'text': text or ''}, ensure_ascii=False))
            fo.write('\n')
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    print(f'{cpu:.3f} {wall:.3f} {len(names)} {failed} {trafilatura.__version__} {lxml.__version__}')


if __name__ == '__main__':
    main()
