from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dangvu.ops"
    label = "ops"
    verbose_name = "Vận hành"
