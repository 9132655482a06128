/*
 * Harbour Lane Books: first-party analytics, one beacon per page view.
 *
 * nginx removes the <script data-category="analytics"> tag that loads this
 * file until the visitor grants analytics, and answers /collect with 204,
 * recording nothing, until then: the promise holds even if this file is
 * loaded some other way.  nginx logs the beacon with the visitor's address
 * masked (logs/analytics.log).
 */

(function () {
    'use strict';

    var url = '/collect?p=' + encodeURIComponent(window.location.pathname);

    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
        return;
    }

    if (window.fetch) {
        fetch(url, { method: 'POST', keepalive: true,
                     credentials: 'same-origin' });
    }
})();
