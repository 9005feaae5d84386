"""Collection core: scenarios of reminders, message templates, schedule on French business days (pure)."""
