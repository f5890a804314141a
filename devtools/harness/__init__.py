"""The fault test and the load test: the portal under gunicorn on a database of its own."""
