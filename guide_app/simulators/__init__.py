"""Pure simulators (margin, DSO, penalties, collection cost) land here with the Simulators issue."""
