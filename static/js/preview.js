/*
 * Live preview and drafts for the writing forms (progressive enhancement).
 *
 * Without JavaScript the form's Preview button asks the server for a preview
 * page. With it, this script shows the same thing as the author types: it
 * sends the Markdown to POST /posts/preview (with the form's CSRF token) after
 * a pause in typing and puts the server's answer in the preview region. The
 * HTML comes from the forum's one sanitizer, exactly as on the post page; the
 * privacy notes are inserted as text. Requests are debounced and the previous
 * one is cancelled, so a fast typist sends about one request per pause.
 *
 * Drafts: a form with data-draft-url (the post form, the comment form) is
 * saved to the server as a draft a moment after typing stops, and when the
 * page is left with changes not yet saved, so coming back restores it
 * (forum/posts/drafts.py). The CSRF token travels in the X-CSRFToken header.
 * Sending the form cancels any save still waiting: publishing discards the
 * draft on the server. Without JavaScript, the Preview button keeps a draft.
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

(function () {
  'use strict';

  var DELAY_MS = 1500;
  if (!window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }

  function keepDrafts(form) {
    var token = form.elements.csrf_token;
    if (!token) {
      return;
    }
    var url = form.getAttribute('data-draft-url');
    var target = form.getAttribute('data-draft-target');
    var timer = null;
    var lastSaved = encoded();  // what the page came with is already on the server, or empty
    var status = null;

    function encoded() {
      var data = new FormData(form);
      data.delete('csrf_token');
      data.set('target', target);
      return new URLSearchParams(data).toString();
    }

    function say(message) {
      // Made on first use: a page nobody types on has no extra live region.
      if (!status) {
        status = document.createElement('p');
        status.className = 'hint draft-status';
        status.setAttribute('role', 'status');
        form.append(status);
      }
      status.textContent = message;
    }

    function save(leaving) {
      window.clearTimeout(timer);
      timer = null;
      var body = encoded();
      if (body === lastSaved) {
        return;
      }
      lastSaved = body;
      fetch(url, {
        method: 'POST',
        body: new URLSearchParams(body),
        credentials: 'same-origin',
        headers: {Accept: 'application/json', 'X-CSRFToken': token.value},
        keepalive: leaving === true
      }).then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (data) {
          if (!response.ok) {
            throw new Error((data.error && data.error.message) || 'Please reload the page.');
          }
          return data;
        });
      }).then(function (data) {
        if (data.saved) {
          var at = new Date(data.saved_at);
          say('Draft saved at ' + at.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}) + '.');
        }
      }, function (error) {
        lastSaved = null;  // try again after the next change
        if (!leaving) {
          say('Your draft could not be saved just now. ' + error.message);
        }
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    form.addEventListener('submit', function () {
      window.clearTimeout(timer);  // the form itself is on its way
      timer = null;
    });
    window.addEventListener('pagehide', function () {
      if (timer) {
        save(true);
      }
    });
  }

  document.querySelectorAll('form[data-draft-url]').forEach(keepDrafts);
})();
