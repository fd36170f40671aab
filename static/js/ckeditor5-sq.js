/*
 * Albanian for the strings of the story editor that CKEditor's own Albanian translation leaves empty, and
 * the alt text named as the admin's Albanian names it (articles.widgets loads this after
 * django_ckeditor_5/dist/translations/sq.js). Anything else missing stays in English.
 */
(function (translations) {
  "use strict";
  var sq = (translations.sq = translations.sq || {});
  sq.dictionary = Object.assign(sq.dictionary || {}, {
    "Bold": "E trashë",
    // The publish check (articles/publish_checks.py) names this button as the admin's Albanian does.
    "Change image text alternative": "Ndrysho tekstin alternativ të imazhit",
    "Image from computer": "Foto nga kompjuteri",
    // The image button's dropdown while an image is selected (its library entry is ours: .po files).
    "Replace from computer": "Zëvendëso nga kompjuteri",
    "Replace image": "Zëvendëso foton",
    "Replace image from computer": "Zëvendëso foton nga kompjuteri",
    "Rich Text Editor. Editing area: %0": "Redaktues teksti. Hapësira e redaktimit: %0",
    "Show more items": "Shfaq më shumë",
    "Toggle caption off": "Hiq përshkrimin",
    "Text alternative": "Teksti alternativ",
    "Toggle caption on": "Shto përshkrim",
    "Upload from computer": "Ngarko nga kompjuteri",
    "Upload image from computer": "Ngarko foto nga kompjuteri"
  });
})(window.CKEDITOR_TRANSLATIONS || (window.CKEDITOR_TRANSLATIONS = {}));
