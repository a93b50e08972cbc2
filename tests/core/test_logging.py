"""What an operator reads in the log: each line once, and a refused request without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

factory = RequestFactory()
log_response("Not Found: %s", "/no-such-page/", response=HttpResponse(status=404), request=factory.get("/no-such-page/"))
try:
    raise PermissionDenied("staff only")
except PermissionDenied as exc:
    log_response(
        "Forbidden (Permission denied): %s", "/staf/audit/",
        response=HttpResponse(status=403), request=factory.get("/staf/audit/"), exception=exc,
    )
try:
    raise ValueError("a real fault")
except ValueError as exc:
    log_response(
        "Internal Server Error: %s", "/boom/",
        response=HttpResponse(status=500), request=factory.get("/boom/"), exception=exc,
    )
"""


def _log_of_a_dev_process() -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jembatan.config.settings.dev", "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr + done.stdout


def test_every_request_log_line_is_printed_once_with_debug_on():
    log = _log_of_a_dev_process()
    assert log.count("Not Found: /no-such-page/") == 1, log
    assert log.count("Internal Server Error: /boom/") == 1, log


def test_a_refused_request_logs_one_line_without_traceback_but_a_fault_keeps_it():
    log = _log_of_a_dev_process()
    assert log.count("Forbidden (Permission denied): /staf/audit/") == 1, log
    forbidden_part = log.split("Forbidden (Permission denied): /staf/audit/")[1].split("Internal Server Error")[0]
    assert "Traceback" not in forbidden_part
    assert "PermissionDenied" not in forbidden_part
    assert "ValueError: a real fault" in log.split("Internal Server Error: /boom/")[1]
