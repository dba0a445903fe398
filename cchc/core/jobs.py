"""The job queue: procrastinate on the application's own PostgreSQL database.

``manage.py procrastinate worker`` runs jobs and the periodic schedule; ``make run`` starts one worker next to the
web server, production runs as many as it needs (README, "Job worker").
"""


def on_app_ready(app):
    """Called by procrastinate once Django is ready; tasks are found in each app's ``tasks.py``."""
    app.import_paths.extend([])
