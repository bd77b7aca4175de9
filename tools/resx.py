#!/usr/bin/env python3
"""Adds or replaces texts in a pair of .resx files: Japanese (neutral) and English (.en), side by side.

Usage: tools/resx.py BASE < table.tsv
  BASE is the path without extension, e.g. src/Sonae.Web/Resources/Problems.
  Each input line: key<TAB>japanese<TAB>english. Empty lines and lines starting with # are ignored.
The files are created when missing. Sonae's tests check that both files of a pair have the same keys.
"""
import re
import sys
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
ENTRY = re.compile(r'  <data name="([^"]+)" xml:space="preserve"><value>(.*?)</value></data>\n', re.S)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return dict(ENTRY.findall(f.read()))
    except FileNotFoundError:
        return {}


def write(path, entries):
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for key, value in entries.items():
            out.write(f'  <data name="{key}" xml:space="preserve"><value>{value}</value></data>\n')
        out.write("</root>\n")


def main(base):
    ja, en = read(base + ".resx"), read(base + ".en.resx")
    for n, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            sys.exit(f"line {n}: expected key, Japanese and English separated by tabs")
        key, j, e = parts
        ja[key], en[key] = escape(j), escape(e)
    write(base + ".resx", ja)
    write(base + ".en.resx", en)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(sys.argv[1])
