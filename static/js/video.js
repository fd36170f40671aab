/* A story's video: the player is loaded only when the reader presses Play
   (templates/articles/includes/video_player.html), so that until then the page asks YouTube or Vimeo for
   nothing. The button is hidden in the page's HTML: without this script the reader gets the plain link to
   the video on the service instead of a button that does nothing. */
(function () {
  "use strict";

  function play(player) {
    var frame = document.createElement("iframe");
    frame.src = player.getAttribute("data-player");
    frame.title = player.getAttribute("data-title");
    frame.width = "560";
    frame.height = "315";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.className = "video-player__frame";
    var screen = player.querySelector(".video-player__screen");
    screen.replaceChildren(frame);
    player.classList.add("video-player--playing");
    // The button the reader pressed is gone: keyboard focus goes on into the player, not back to the top.
    frame.focus();
  }

  function setUp(player) {
    var button = player.querySelector(".video-player__play");
    // Once per player, should the script be included twice on a page.
    if (!button || !player.getAttribute("data-player") || !button.hidden) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { play(player); }, { once: true });
  }

  document.querySelectorAll(".video-player").forEach(setUp);
}());
