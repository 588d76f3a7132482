"""``python -m peerethics`` runs the command line."""

from .cli import main

main()
