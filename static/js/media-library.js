/*
 * The media library (articles/admin/media_library.py) and the story body's editor, under the admin's CSP:
 * loaded from static, no inline script, no eval.
 *
 * In the story's form, CKEditor's image button is a dropdown: "Upload from computer" (CKEditor's own) and our
 * item that opens the library in a small window. The item is an image-insert integration (ImageInsertUI's
 * registerIntegration) added by MediaLibraryPlugin, which articles.widgets names in the editor's config as
 * "callback:newsroomMediaLibraryPlugin" (django-ckeditor-5 turns that into this function); the widget puts the
 * library's address and the item's translated label on the textarea CKEditor replaces.
 * In that window, an image's "Insert" button posts the image back to the window that opened it and closes;
 * the form inserts it into the editor it names, at the cursor, with its alt text, size and caption.
 */
(function () {
  "use strict";

  var MESSAGE = "newsroom:library-image";

  // A picture frame over a stack of pages, in CKEditor's 20x20 icon grid.
  var LIBRARY_ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path d="M2 5.5h1.5V16h10.5v1.5H3.25C2.56 ' +
    '17.5 2 16.94 2 16.25V5.5zm3.25-3H17.5c.69 0 1.25.56 1.25 1.25v9.5c0 .69-.56 1.25-1.25 1.25H6.25C5.56 14.5 ' +
    '5 13.94 5 13.25v-9.5c0-.69.56-1.25 1.25-1.25zM6.5 4v7.4l2.9-3.1 2.1 2.3 1.6-1.5 2.9 3.1V4H6.5zm7.25 ' +
    '1.5a1.25 1.25 0 1 1 0 2.5 1.25 1.25 0 0 1 0-2.5z"/></svg>';

  function openLibrary(address, editorId) {
    var url = new URL(address, window.location.href);
    url.searchParams.set("editor", editorId);
    var picker = window.open(url.toString(), "newsroom-media-library", "width=980,height=760,scrollbars=yes");
    if (picker) {
      picker.focus();
    }
  }

  /*
   * A CKEditor plugin in the shape CKEditor accepts from outside its bundle (a constructor with init), since
   * the prebuilt bundle exports no Plugin or ButtonView. It registers during the plugins' init, before the
   * toolbar is built, which is when ImageInsertUI reads its integrations.
   */
  function MediaLibraryPlugin(editor) {
    this.editor = editor;
  }
  MediaLibraryPlugin.pluginName = "NewsroomMediaLibrary";
  MediaLibraryPlugin.requires = ["ImageInsertUI"];
  MediaLibraryPlugin.prototype.init = function () {
    var editor = this.editor;
    var textarea = editor.sourceElement;
    var address = textarea && textarea.getAttribute("data-media-library-url");
    if (!address) {
      return;
    }
    var label = textarea.getAttribute("data-media-library-label");
    var insertImageUI = editor.plugins.get("ImageInsertUI");

    function createButton(withText) {
      // The bundle keeps ButtonView to itself; every plain toolbar button is one.
      var ButtonView = editor.ui.componentFactory.create("undo").constructor;
      var button = new ButtonView(editor.locale);
      button.set({ label: label, icon: LIBRARY_ICON, withText: withText, tooltip: !withText });
      button.bind("isEnabled").to(editor.commands.get("insertImage"));
      button.on("execute", function () {
        if (insertImageUI.dropdownView) {
          insertImageUI.dropdownView.isOpen = false;
        }
        openLibrary(address, textarea.id);
      });
      return button;
    }

    insertImageUI.registerIntegration({
      name: "library",
      observable: function () {
        return editor.commands.get("insertImage");
      },
      buttonViewCreator: function () {
        return createButton(false);
      },
      formViewCreator: function () {
        return createButton(true);
      },
      menuBarButtonViewCreator: function () {
        return createButton(true);
      }
    });
  };
  window.newsroomMediaLibraryPlugin = MediaLibraryPlugin;

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
