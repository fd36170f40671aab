"""The CKEditor image upload endpoint: staff only, real images only, stored through the image pipeline.

It replaces django-ckeditor-5's own view (registered under the same URL name, which the editor widget
reverses), so body images get the same checks, re-encoding and random names as lead images.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from articles.models import Image


@require_POST
@staff_member_required
def editor_image_upload(request):
    if not request.user.has_perm("articles.add_image"):
        return JsonResponse({"error": {"message": "You may not upload images."}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "Choose an image to upload."}}, status=400)
    image = Image(uploaded_by=request.user)
    try:
        image.set_file(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    image.save()
    return JsonResponse({"url": image.url_for_width(1280)})
