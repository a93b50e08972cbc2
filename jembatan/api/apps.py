from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jembatan.api"
    label = "api"
    verbose_name = "API"
