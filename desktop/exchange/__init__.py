"""Data exchange: CSV and .xlsx import and export, and the Salesforce connector. No Qt:
long work reports progress through a callback and can be cancelled."""
