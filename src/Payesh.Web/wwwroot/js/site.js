// Payesh: small progressive enhancements; every page works without them.
(function () {
    document.documentElement.classList.add('js');

    // Phone: the menu folds behind «منو».
    document.addEventListener('click', function (e) {
        var b = e.target.closest && e.target.closest('.menu-toggle');
        if (!b) return;
        var open = b.closest('.sidebar').classList.toggle('open');
        b.setAttribute('aria-expanded', open ? 'true' : 'false');
    });

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
    // File inputs are hidden inside a Persian button (the browser's own says "Choose File" in its language):
    // the chosen file's name is shown beside it.
    document.addEventListener('change', function (e) {
        var t = e.target;
        if (t.type !== 'file') return;
        var box = t.closest('.file-field') || t.closest('td');
        var name = box && box.querySelector('.file-name');
        if (name) name.textContent = t.files.length ? 'پیوست: ' + t.files[0].name : (t.classList.contains('evidence') ? '' : 'هنوز فایلی انتخاب نشده است.');
    });

    // Daily report table: after a row is saved, the next row's percent gets the focus and the counter
    // «۱۰ از ۳۸ ثبت شد» moves on; after an error, the first invalid field of the same row gets the focus.
    var wasReported = {};
    document.addEventListener('htmx:beforeSwap', function (e) {
        var row = e.detail && e.detail.target;
        if (row && row.classList && row.classList.contains('today-row')) wasReported[row.id] = row.dataset.reported === 'true';
    });
    document.addEventListener('htmx:afterSwap', function (e) {
        var row = e.detail && e.detail.target;
        if (!row || !row.classList || !row.classList.contains('today-row')) return;
        var id = row.id;
        row = document.getElementById(id) || row;
        if (row.dataset.reported === 'true' && wasReported[id] === false) bumpCounter();
        delete wasReported[id];
        if (row.dataset.saved === 'true') {
            var next = row.nextElementSibling;
            while (next && (!next.querySelector('input.percent') || next.dataset.reported === 'true')) next = next.nextElementSibling;
            if (!next) { next = row.nextElementSibling; while (next && !next.querySelector('input.percent')) next = next.nextElementSibling; }
            if (next) next.querySelector('input.percent').focus();
        } else {
            var bad = row.querySelector('.is-invalid') || row.querySelector('input.percent');
            if (bad) bad.focus();
        }
    });
    function bumpCounter() {
        var c = document.getElementById('today-counter');
        if (!c) return;
        var done = Math.min(+c.dataset.total, +c.dataset.done + 1);
        c.dataset.done = done;
        c.textContent = fa(done) + ' از ' + fa(+c.dataset.total) + ' ثبت شد';
    }
    function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return '۰۱۲۳۴۵۶۷۸۹'.charAt(+d); }); }

    // The cursor starts in the first field marked autofocus, also after an htmx (hx-boost) navigation.
    function focusFirst(root) {
        var f = (root || document).querySelector('[autofocus]');
        if (f && (document.activeElement === document.body || !document.activeElement)) f.focus();
    }
    document.addEventListener('DOMContentLoaded', function () { focusFirst(); });
    document.addEventListener('htmx:afterSettle', function (e) { if (e.detail && e.detail.target === document.body) focusFirst(); });

    // The browser's own validation messages in Persian (the page's language), whatever the browser's language is.
    function persianMessage(el) {
        var v = el.validity;
        if (v.customError) return el.validationMessage;
        if (v.valueMissing) return el.type === 'file' ? 'یک پرونده برگزینید.' : el.type === 'checkbox' ? 'این گزینه را علامت بزنید.'
            : el.tagName === 'SELECT' ? 'یکی از گزینه‌ها را برگزینید.' : 'این بخش را پر کنید.';
        if (v.typeMismatch) return el.type === 'email' ? 'نشانی رایانامه درست نیست (مانند name@example.ir).' : el.type === 'url' ? 'نشانی وب درست نیست.' : 'مقدار درست نیست.';
        if (v.tooShort) return 'دست‌کم ' + fa(el.minLength) + ' نویسه بنویسید (اکنون ' + fa(el.value.length) + ').';
        if (v.tooLong) return 'بیش از ' + fa(el.maxLength) + ' نویسه نباید باشد.';
        if (v.rangeUnderflow) return 'کمترین مقدار ' + fa(el.min) + ' است.';
        if (v.rangeOverflow) return 'بیشترین مقدار ' + fa(el.max) + ' است.';
        if (v.stepMismatch) return 'مقدار با گام مجاز نمی‌خواند.';
        if (v.badInput) return 'عدد بنویسید.';
        if (v.patternMismatch) return el.title ? 'قالب درست نیست: ' + el.title : 'قالب درست نیست.';
        return '';
    }
    document.addEventListener('invalid', function (e) {
        var el = e.target;
        if (!el.validity || el.validity.customError) return;
        var m = persianMessage(el);
        if (!m) return;
        el.setCustomValidity(m);
        // Once the value changes, the browser checks again (and this handler words the next message).
        var clear = function () { el.setCustomValidity(''); el.removeEventListener('input', clear); el.removeEventListener('change', clear); };
        el.addEventListener('input', clear);
        el.addEventListener('change', clear);
    }, true);

    // Print buttons (data-print): no inline handlers, the Content-Security-Policy allows none.
    document.addEventListener('click', function (e) {
        var t = e.target && e.target.closest ? e.target.closest('[data-print]') : null;
        if (t) window.print();
    });
})();
