"""Functions that change the studio's state; views and tasks call these, never the models directly."""
