"""``python -m peerethics`` runs the command line."""

from .cli_fast import main

main()
