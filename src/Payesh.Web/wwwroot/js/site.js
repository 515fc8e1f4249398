// Payesh: small progressive enhancements; every page works without them.
(function () {
    document.documentElement.classList.add('js');

    // Daily report rows: show "reason for correction" only when the value typed is below the last one,
    // and the chosen file's name.
    document.addEventListener('input', function (e) {
        var t = e.target;
        if (!t.classList) return;
        if (t.classList.contains('percent')) {
            var row = t.closest('tr');
            var just = row && row.querySelector('input.justification');
            if (!just) return;
            var v = parseFloat(t.value.replace(/[۰-۹]/g, function (d) { return '۰۱۲۳۴۵۶۷۸۹'.indexOf(d); })
                                     .replace(/[٠-٩]/g, function (d) { return '٠١٢٣٤٥٦٧٨٩'.indexOf(d); }).replace('٫', '.').replace('/', '.'));
            var last = parseFloat(t.dataset.last || '0');
            just.classList.toggle('maybe-hidden', !(v < last) && !just.value);
        }
    });
    document.addEventListener('change', function (e) {
        var t = e.target;
        if (t.classList && t.classList.contains('evidence')) {
            var name = t.closest('td').querySelector('.file-name');
            if (name) name.textContent = t.files.length ? 'پیوست: ' + t.files[0].name : '';
        }
    });
    function initDatePickers() {
        if (window.jalaliDatepicker && !window.__jdpStarted) {
            window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
            window.__jdpStarted = true;
        }
    }
    document.addEventListener('DOMContentLoaded', initDatePickers);

    // Daily report table: after a row is saved, the next row's percent gets the focus;
    // after an error, the first invalid field of the same row.
    document.addEventListener('htmx:afterSwap', function (e) {
        var row = e.detail && e.detail.target;
        if (!row || !row.classList || !row.classList.contains('today-row')) return;
        row = document.getElementById(row.id) || row;
        if (row.dataset.saved === 'true') {
            var next = row.nextElementSibling;
            while (next && !next.querySelector('input.percent')) next = next.nextElementSibling;
            if (next) next.querySelector('input.percent').focus();
        } else {
            var bad = row.querySelector('.is-invalid') || row.querySelector('input.percent');
            if (bad) bad.focus();
        }
    });
    document.addEventListener('htmx:afterSettle', initDatePickers);

    // «چاپ» buttons (no inline handlers: the content security policy allows none).
    document.addEventListener('click', function (e) {
        var b = e.target.closest && e.target.closest('[data-print]');
        if (b) window.print();
        // On a phone the menu is folded behind «منو».
        var t = e.target.closest && e.target.closest('[data-menu-toggle]');
        if (t) {
            var bar = t.closest('.sidebar');
            var open = bar.classList.toggle('open');
            t.setAttribute('aria-expanded', open ? 'true' : 'false');
        }
    });
})();
