"""The demo content `manage.py load_demo` loads, from the files in devtools/content/demo/."""
