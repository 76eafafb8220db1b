"""The tracking application: the register of assigned tasks, review, workflow, roles and reports."""
