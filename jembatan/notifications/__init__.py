"""Notifications: one outbox for every message Jembatan sends (ADR 0013).

Other capabilities call :func:`jembatan.notifications.api.send` inside their own transaction; the
message row is the outbox entry, written together with the change it announces. The outbox loop in
``manage.py worker`` (or, without a worker, the commit itself) hands it to its channel.
"""
