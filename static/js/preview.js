/*
 * Live preview for the post form (progressive enhancement).
 *
 * Without JavaScript the form's Preview button asks the server for a preview
 * page. With it, this script shows the same thing as the author types: it
 * sends the Markdown to POST /posts/preview (with the form's CSRF token) after
 * a pause in typing and puts the server's answer in the preview region. The
 * HTML comes from the forum's one sanitizer, exactly as on the post page; the
 * privacy notes are inserted as text. Requests are debounced and the previous
 * one is cancelled, so a fast typist sends about one request per pause.
 */
(function () {
  'use strict';

  var DELAY_MS = 700;
  var region = document.getElementById('live-preview');
  if (!region || !window.fetch || !window.FormData || !window.AbortController) {
    return;
  }
  var form = region.closest('form');
  var source = form && form.elements[region.getAttribute('data-preview-source')];
  var token = form && form.elements.csrf_token;
  if (!source || !token) {
    return;
  }
  var url = region.getAttribute('data-preview-url');
  var output = region.querySelector('.live-preview-body');
  var status = region.querySelector('.live-preview-status');
  var privacy = region.querySelector('.live-preview-privacy');
  var privacyList = privacy.querySelector('ul');
  var timer = null;
  var inFlight = null;
  var lastSent = null;

  function say(message) {
    if (status.textContent !== message) {
      status.textContent = message;
    }
  }

  function showPrivacy(findings) {
    privacyList.replaceChildren();
    findings.forEach(function (finding) {
      var item = document.createElement('li');
      item.dir = 'auto';  // it quotes the member's own words, maybe right to left
      var label = document.createElement('strong');
      var text = document.createElement('mark');
      label.textContent = finding.label + ': ';
      text.textContent = finding.text;
      item.append(label, text, document.createElement('br'), finding.explanation);
      privacyList.append(item);
    });
    privacy.hidden = findings.length === 0;
  }

  function show(data) {
    // The server's sanitized rendering, the same HTML the post page will show.
    output.innerHTML = data.html || '';
    showPrivacy(data.privacy || []);
    say(data.message || '');
  }

  function pause() {
    lastSent = null; // try again after the next keystroke
    say('The live preview is paused. Use the Preview button to see your post.');
  }

  function update() {
    var text = source.value;
    if (text === lastSent) {
      return;
    }
    lastSent = text;
    if (inFlight) {
      inFlight.abort();
    }
    if (!text.trim()) {
      show({html: '', privacy: [], message: 'Start writing to see how your post will look.'});
      return;
    }
    inFlight = new AbortController();
    var body = new FormData();
    body.append('body', text);
    body.append('csrf_token', token.value);
    fetch(url, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: {Accept: 'application/json'},
      signal: inFlight.signal
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('preview failed: ' + response.status);
      }
      return response.json();
    }).then(show, function (error) {
      if (error.name !== 'AbortError') {
        pause();
      }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY_MS);
  }

  region.hidden = false;
  source.addEventListener('input', schedule);
  update();
})();
