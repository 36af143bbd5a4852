"""Recognition: who contributed to the network's actions in a year, naming only those who
consented."""

from network.recognition.rules import Recognition, recognise
from network.recognition.service import recognition
from network.recognition.store import contribution_rows, years
from network.recognition.views import frame

__all__ = ["Recognition", "contribution_rows", "frame", "recognise", "recognition", "years"]
