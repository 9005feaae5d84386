"""Guide Digital du Recouvrement: the Reflex app (see guide_app.guide_app) and its pure modules."""

APP_NAME = "Guide Digital du Recouvrement"  # page titles, the header, the sender of account e-mails
