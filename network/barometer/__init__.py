"""The barometer of perceptions and attitudes towards immigration: instrument, waves,
collection, weighting by raking, estimates with Kish intervals, charts, import and export."""
