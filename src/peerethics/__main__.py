"""``python -m peerethics`` runs the command line."""

from .fastcli import main

main()
