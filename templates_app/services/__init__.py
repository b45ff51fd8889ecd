"""Functions that change templates and batches; views and tasks call these."""
