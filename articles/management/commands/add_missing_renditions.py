"""Give library images the renditions they lack: AVIF ones for images stored before the site made them, or
while its Pillow could not write AVIF. Their other renditions are left as they are. Running it twice
changes nothing; pages show the new renditions as soon as each image is saved (the page cache hears it)."""

from django.core.management.base import BaseCommand, CommandError

from articles import images
from articles.models import Image

# A stored original's format, from its name (images.random_name): a GIF upload is stored as a PNG.
STORED_FORMATS = {extension: format_name for format_name, extension in images.ACCEPTED_FORMATS.items()}


class Command(BaseCommand):
    help = "Make the renditions library images lack (AVIF for images stored before it was made). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which images lack what, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if not images.avif_supported():
            raise CommandError(
                "This server's Pillow cannot write AVIF (it needs Pillow 11.3 or later built with libavif): "
                "images keep their WebP and original-format renditions, and pages offer those."
            )
        done, failed = 0, []
        for image in Image.objects.order_by("pk").only("pk", "file", "width", "renditions").iterator():
            format_name = STORED_FORMATS.get(image.file.name.rsplit(".", 1)[-1].lower())
            if format_name is None:
                failed.append(f"image {image.pk}: {image.file.name} is not a file the library stores")
                continue
            have = {rendition["format"] for rendition in image.renditions}
            missing = [f for f in images.rendition_formats(format_name) if f not in have]
            if not missing:
                continue
            self.stdout.write(f"Image {image.pk} ({image.file.name}): {', '.join(missing)}")
            if dry_run:
                done += 1
                continue
            try:
                made = images.make_renditions(image.file.name, image.width, format_name, formats=missing)
            except OSError as error:  # the stored file is missing or unreadable
                failed.append(f"image {image.pk}: {error}")
                continue
            image.renditions = [*image.renditions, *made]
            image.save(update_fields=["renditions"])
            done += 1
        verb = "would get" if dry_run else "got"
        self.stdout.write(self.style.SUCCESS(f"{done} images {verb} their missing renditions."))
        if failed:
            raise CommandError("Some images could not be rendered:\n" + "\n".join(failed))
