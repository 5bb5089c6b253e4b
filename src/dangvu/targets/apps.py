from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dangvu.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu"
