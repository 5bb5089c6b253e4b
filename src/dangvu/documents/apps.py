from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dangvu.documents"
    label = "documents"
    verbose_name = "Văn bản, quy chế, hội nghị, khen thưởng"

    def ready(self) -> None:
        # The records of lower apps that cite a deciding document are linked to the registered one when saved
        # (documents/uses.py); those apps do not know about documents.
        from django.db.models.signals import post_save

        from .uses import SOURCES, on_save

        for src in SOURCES:
            post_save.connect(on_save, sender=src.model, dispatch_uid=f"document_use_{src.model._meta.label}")
