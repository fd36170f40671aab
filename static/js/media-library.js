/*
 * The media library (articles/admin/media_library.py) and the story body's editor, under the admin's CSP:
 * loaded from static, no inline script, no eval.
 *
 * In the story's form, the button beside the editor (articles.widgets) opens the library in a small window.
 * In that window, an image's "Insert" button posts the image back to the window that opened it and closes;
 * the form inserts it into the editor it names, at the cursor, with its alt text, size and caption.
 */
(function () {
  "use strict";

  var MESSAGE = "newsroom:library-image";

  function openLibrary(button) {
    var url = new URL(button.getAttribute("data-media-library-url"), window.location.href);
    url.searchParams.set("editor", button.getAttribute("data-editor-id"));
    var picker = window.open(url.toString(), "newsroom-media-library", "width=980,height=760,scrollbars=yes");
    if (picker) {
      picker.focus();
    }
  }

  function sendChoice(button) {
    if (!window.opener || window.opener.closed) {
      return;
    }
    window.opener.postMessage(
      {
        type: MESSAGE,
        editor: button.getAttribute("data-editor"),
        src: button.getAttribute("data-src"),
        alt: button.getAttribute("data-alt") || "",
        caption: button.getAttribute("data-caption") || "",
        width: parseInt(button.getAttribute("data-width"), 10) || null,
        height: parseInt(button.getAttribute("data-height"), 10) || null
      },
      window.location.origin
    );
    window.close();
  }

  function insertImage(choice) {
    var editor = window.editors && window.editors[choice.editor];
    // Only an address on this site: the library's renditions are served from our media.
    if (!editor || typeof choice.src !== "string" || choice.src.charAt(0) !== "/" || choice.src.charAt(1) === "/") {
      return;
    }
    var image = { src: choice.src };
    if (choice.alt) {
      image.alt = choice.alt;
    }
    if (choice.width && choice.height) {
      image.width = String(choice.width);
      image.height = String(choice.height);
    }
    editor.execute("insertImage", { source: [image] });
    if (choice.caption) {
      editor.model.change(function (writer) {
        var inserted = editor.model.document.selection.getSelectedElement();
        if (inserted && inserted.is("element", "imageBlock") && !inserted.childCount) {
          var caption = writer.createElement("caption");
          writer.insertText(choice.caption, caption);
          writer.append(caption, inserted);
        }
      });
    }
    editor.editing.view.focus();
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-media-library-url]");
    if (opener) {
      event.preventDefault();
      openLibrary(opener);
      return;
    }
    var choice = event.target.closest("[data-library-insert]");
    if (choice) {
      event.preventDefault();
      sendChoice(choice);
    }
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== MESSAGE) {
      return;
    }
    insertImage(event.data);
  });
})();
