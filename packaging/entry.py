"""The frozen app's entry point: the same as `python -m desktop` / `interview-desk`."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
