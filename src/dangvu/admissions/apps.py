from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "dangvu.admissions"
    label = "admissions"
    verbose_name = "Phát triển đảng viên"

    def ready(self) -> None:
        from dangvu.core.hooks import register

        from .selectors import recognition_warnings

        register("recognition_warnings", recognition_warnings)
