"""What every feature uses and that uses no feature: settings, clock, French format and parse, forms, mail."""

APP_NAME = "Guide Digital du Recouvrement"  # page titles, the header, the sender of account e-mails
