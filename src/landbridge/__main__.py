"""``python -m landbridge``: the same command as the ``landbridge`` console script."""

from landbridge.cli import main

if __name__ == "__main__":
    main()
