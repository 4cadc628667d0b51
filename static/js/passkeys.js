/*
 * Passkeys (WebAuthn) for the forms templates/passkeys/_ceremony.html draws.
 *
 * Without JavaScript those forms show only a sentence saying passkeys need it
 * and what still works; their buttons stay hidden. Here, where the browser
 * can use passkeys, the button appears. Pressing it asks the server for the
 * ceremony's options (POST /passkeys/options, the challenge kept in the
 * session), hands them to navigator.credentials.create() or .get(), and posts
 * the browser's answer as JSON to the form's action. The server answers
 * {redirect: url} (go there; it has put a message on the next page) or
 * {confirmed: true, message} (said in place), or {error: {message}}.
 * The CSRF token travels in the X-CSRFToken header.
 */
(function () {
  'use strict';

  if (document.documentElement.hasAttribute('data-passkeys-ready')) {
    return; // a page with two passkey forms includes this script twice
  }
  document.documentElement.setAttribute('data-passkeys-ready', '');

  var supported = !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
  var UNSUPPORTED = 'This browser can\u2019t use passkeys. ';
  var CANCELLED = 'No passkey was used. You can try again.';
  var FAILED = 'Something went wrong talking to the forum. Please try again.';

  function toBytes(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withBytes(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, {id: toBytes(item.id)});
    });
  }

  // The server's JSON options (base64url strings) as the browser's API wants them.
  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, {id: toBytes(json.user.id)}),
      excludeCredentials: withBytes(json.excludeCredentials),
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withBytes(json.allowCredentials),
    });
  }

  // The browser's answer as JSON (what py_webauthn's parsers read).
  function credentialJSON(credential) {
    var response = credential.response;
    var answer = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: {clientDataJSON: toText(response.clientDataJSON)},
    };
    if (response.attestationObject) {
      answer.response.attestationObject = toText(response.attestationObject);
      answer.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      answer.response.authenticatorData = toText(response.authenticatorData);
      answer.response.signature = toText(response.signature);
      if (response.userHandle) {
        answer.response.userHandle = toText(response.userHandle);
      }
    }
    return answer;
  }

  function post(url, token, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-CSRFToken': token,
      },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () {
        return {error: {message: FAILED}};
      });
    });
  }

  function errorOf(answer) {
    return answer && answer.error ? answer.error.message || FAILED : null;
  }

  function run(form, button, status) {
    var ceremony = form.getAttribute('data-passkey');
    var token = form.elements.csrf_token.value;
    button.disabled = true;
    status.textContent = 'Waiting for your passkey\u2026';
    post(form.getAttribute('data-options-url'), token, {for: ceremony})
      .then(function (options) {
        var problem = errorOf(options);
        if (problem) {
          throw new Error(problem);
        }
        var asked = ceremony === 'add'
          ? navigator.credentials.create({publicKey: creationOptions(options)})
          : navigator.credentials.get({publicKey: requestOptions(options)});
        return asked.catch(function (error) {
          // NotAllowedError: the person closed the prompt, or it timed out.
          throw new Error(error && error.name === 'InvalidStateError'
            ? 'That passkey is already registered on your account.'
            : CANCELLED);
        });
      })
      .then(function (credential) {
        var body = {credential: credentialJSON(credential)};
        var nameInput = form.querySelector('input[type="text"]');
        if (nameInput) {
          body.name = nameInput.value;
        }
        var remember = form.getAttribute('data-remember-field');
        if (remember && document.getElementById(remember)) {
          body.remember = document.getElementById(remember).checked;
        }
        if (form.hasAttribute('data-next')) {
          body.next = form.getAttribute('data-next');
        }
        return post(form.getAttribute('action'), token, body);
      })
      .then(function (answer) {
        var problem = errorOf(answer);
        if (problem) {
          throw new Error(problem);
        }
        if (answer.redirect) {
          status.textContent = 'Done. One moment\u2026';
          var target = new URL(answer.redirect, window.location.href);
          if (target.pathname === window.location.pathname &&
              target.search === window.location.search) {
            // Only the #part differs, which would not load the page again.
            window.location.hash = target.hash;
            window.location.reload();
          } else {
            window.location.assign(target.href);
          }
          return;
        }
        status.textContent = answer.message || 'Done.';
        form.setAttribute('data-confirmed', '');
      })
      .catch(function (error) {
        status.textContent = error && error.message ? error.message : FAILED;
        button.disabled = false;
      });
  }

  function enhance(form) {
    var button = form.querySelector('.passkey-button');
    var status = form.querySelector('.passkey-status');
    var note = form.querySelector('.passkey-no-script');
    if (!supported) {
      note.textContent = UNSUPPORTED + note.textContent.replace(/^[^.]*\.\s*/, '');
      return;
    }
    note.hidden = true;
    button.hidden = false;
    Array.prototype.forEach.call(form.querySelectorAll('.passkey-needs-script'), function (part) {
      part.hidden = false;
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!button.disabled) {
        run(form, button, status);
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.passkey-ceremony'), enhance);
})();
