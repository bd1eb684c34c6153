"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``production`` adjust it. ``DJANGO_SETTINGS_MODULE`` picks one (``manage.py`` defaults to
``dev``, pytest to ``test``)."""
