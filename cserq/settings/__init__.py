"""What a health board or a practitioner sets: the settings file and environment, and the
local contacts file."""
