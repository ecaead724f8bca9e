"""The floor: the least work any validator of a cjm workspace has to do.

Usage: ``floor.py FOLDER``

Find every ``*.yaml`` / ``*.yml`` file below FOLDER (hidden folders skipped, as cjm
skips them) and parse every document in it with libyaml's ``CSafeLoader``, then print
the number of documents. Nothing is checked, so a validator that takes less time than
this process either parses faster than libyaml-backed PyYAML or skips work. Imports are
kept to ``os``, ``sys`` and ``yaml`` so the process pays no more start-up than needed.
"""

import os
import sys

import yaml


def count_documents(root: str) -> int:
    """Parse every YAML document below ``root``; the count proves every file was read."""
    documents = 0
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as stream:
                    documents += sum(1 for _ in yaml.load_all(stream, Loader=yaml.CSafeLoader))
    return documents


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(f"{count_documents(sys.argv[1])} documents")
