"""Guide Digital du Recouvrement: the Reflex app (see guide_app.guide_app), one folder per feature (README)."""
