"""The story editor: CKEditor 5 (django-ckeditor-5)."""

# The body editor: CKEditor 5. Uploads go through articles.uploads (staff only, real images only) into the image
# library; library images are inserted from the image button's dropdown, which articles.widgets extends with the
# media library (its "library" integration and plugin), not by address.
# Its toolbar and word count follow the staff member's language (articles.widgets loads the translation).
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_USER_LANGUAGE = True
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
CKEDITOR_5_CONFIGS = {
    "default": {"toolbar": ["bold", "italic", "link", "bulletedList", "numberedList", "blockQuote"]},
    "article": {
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "link", "|", "bulletedList", "numberedList", "blockQuote",
                "|", "insertImage", "insertTable", "|", "undo", "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3", "class": "ck-heading_heading3"},
            ]
        },
        "image": {"toolbar": ["imageTextAlternative", "toggleImageCaption"], "insert": {"integrations": ["upload"]}},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
    },
}  # fmt: skip
