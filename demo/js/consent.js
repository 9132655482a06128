/*
 * Harbour Lane Books: the consent form, made smoother.
 *
 * Progressive enhancement only.  The banner and the privacy page are plain
 * HTML forms that post to /consent and work without this file: nginx sets
 * the "consent" cookie and redirects back to the page (303).
 *
 * With this file, the form is sent in the background with
 * "Accept: application/json", so that nginx answers 204 instead of
 * redirecting; the banner goes away at once and the page is reloaded, so
 * that nginx serves it again under the new decision.  On the privacy page
 * it also shows what GET /consent answers.
 */

(function () {
    'use strict';

    var ENDPOINT = '/consent';


    function send(form, submitter) {
        var body = new URLSearchParams(new FormData(form));

        /* the button pressed is part of the form: accept, reject or save */
        body.append(submitter.name, submitter.value);

        form.setAttribute('aria-busy', 'true');

        return fetch(form.action, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {
                'Accept': 'application/json',
                'Content-Type': 'application/x-www-form-urlencoded'
            },
            body: body.toString()
        }).then(function (res) {
            if (!res.ok) {
                throw new Error('consent: HTTP ' + res.status);
            }

            var banner = document.getElementById('consent-banner');

            if (banner) {
                banner.hidden = true;
            }

            window.location.reload();
        });
    }


    document.addEventListener('submit', function (ev) {
        var form = ev.target;
        var submitter = ev.submitter;

        if (!(form instanceof HTMLFormElement)
            || !form.classList.contains('consent-form')
            || form.dataset.plain === '1'
            || !submitter || !submitter.name
            || !window.fetch || !window.URLSearchParams)
        {
            return;     /* the browser sends the form itself */
        }

        ev.preventDefault();

        send(form, submitter).catch(function () {
            /* whatever went wrong, the plain form still works */
            form.dataset.plain = '1';
            form.removeAttribute('aria-busy');
            submitter.click();
        });
    });


    /* the privacy page: the decision as nginx sees it */

    function showState() {
        var out = document.getElementById('consent-json');

        if (!out || !window.fetch) {
            return;
        }

        fetch(ENDPOINT, {
            credentials: 'same-origin',
            cache: 'no-store',
            headers: { 'Accept': 'application/json' }
        }).then(function (res) {
            if (!res.ok) {
                throw new Error('consent: HTTP ' + res.status);
            }

            return res.json();
        }).then(function (state) {
            var cats = state.categories || {};
            var form = out.closest('section').querySelector('.consent-form');

            out.textContent = JSON.stringify(state, null, 2);

            /* the boxes show what nginx applies, signals included */

            Object.keys(cats).forEach(function (name) {
                var box = form && form.querySelector(
                    'input[type="checkbox"][name="' + name + '"]');

                if (box) {
                    box.checked = cats[name] === true;
                }
            });
        }).catch(function (err) {
            out.textContent = String(err);
        });
    }


    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', showState);

    } else {
        showState();
    }
})();
