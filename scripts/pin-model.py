#!/usr/bin/env python3
"""Pin botocore's cognito-idp model into model/cognito-idp/.

Reads service-2.json.gz and paginators-1.json from the installed botocore, strips every
`documentation` member (they are ~80% of the file and change with every release), and
writes service-2.json pretty-printed (2 spaces, keys in original order). Prints the botocore
version and the sha256 of the original .gz and of the stripped file for model/README.md.

Usage: python3 scripts/pin-model.py   (then `npx tsx scripts/codegen.ts` and update model/README.md)
"""
import gzip
import hashlib
import json
import os
import shutil
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(os.path.dirname(botocore.__file__), 'data', 'cognito-idp', '2016-04-18')
DEST = os.path.join(ROOT, 'model', 'cognito-idp')


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != 'documentation'}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main() -> int:
    gz_path = os.path.join(SRC, 'service-2.json.gz')
    with open(gz_path, 'rb') as f:
        raw_gz = f.read()
    model = json.loads(gzip.decompress(raw_gz))
    text = json.dumps(strip(model), indent=2, ensure_ascii=False) + '\n'
    os.makedirs(DEST, exist_ok=True)
    out_path = os.path.join(DEST, 'service-2.json')
    with open(out_path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    shutil.copyfile(os.path.join(SRC, 'paginators-1.json'), os.path.join(DEST, 'paginators-1.json'))
    print(f'botocore {botocore.__version__}')
    print(f'sha256 service-2.json.gz (original): {hashlib.sha256(raw_gz).hexdigest()}')
    print(f'sha256 service-2.json (stripped):    {hashlib.sha256(text.encode("utf-8")).hexdigest()}')
    print(f'operations: {len(model["operations"])}, shapes: {len(model["shapes"])}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
