"""``python -m newslineage``: the command line."""
from .cli import main

main()
