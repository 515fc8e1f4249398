// Payesh Jalali date picker: every <input data-jdp> gets a month calendar that opens on the field's current value
// (Persian, Arabic-Indic or Latin digits), writes ۱۴۰۵/۰۳/۰۱ with Persian digits and is used by keyboard:
// type a date, arrows move a day/week, PageUp/PageDown a month, Enter picks, Escape closes without a change.
// A typed value that is not a real Jalali date is marked invalid (the form will not submit it).
// Optional limits: data-jdp-min / data-jdp-max (a Jalali date in any digits). Works after htmx swaps (delegation).
(function () {
    'use strict';
    var MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
    var WEEKDAYS = ['ش', 'ی', 'د', 'س', 'چ', 'پ', 'ج'];
    var WEEKDAY_NAMES = ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'];
    var MIN_YEAR = 1200, MAX_YEAR = 1700;

    // ---- arithmetic: the same 33-year "breaks" rule as Payesh.Domain.Calendar.JalaliDate ----------------------
    // Day numbers are .NET DateOnly.DayNumber (days since 0001-01-01), so the server and the page agree.
    var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
    function isLeapByRule(jy) {
        var jp = BREAKS[0], jump = 0;
        for (var i = 1; i < BREAKS.length; i++) {
            var jm = BREAKS[i];
            jump = jm - jp;
            if (jy < jm) break;
            jp = jm;
        }
        var n = jy - jp;
        if (jump - n < 6) n = n - jump + Math.floor((jump + 4) / 33) * 33;
        var leap = ((n + 1) % 33 - 1) % 4;
        return leap === 0;
    }
    var EPOCH_DAY = 719162; // DateOnly(1970, 1, 1).DayNumber
    function gregorianDayNumber(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / 86400000) + EPOCH_DAY; }
    var YEAR_START = (function () {
        var starts = {}, anchor = gregorianDayNumber(2019, 3, 21); // 1398/01/01
        starts[1398] = anchor;
        for (var y = 1399; y <= MAX_YEAR + 1; y++) starts[y] = starts[y - 1] + (isLeapByRule(y - 1) ? 366 : 365);
        for (var z = 1397; z >= MIN_YEAR; z--) starts[z] = starts[z + 1] - (isLeapByRule(z) ? 366 : 365);
        return starts;
    })();
    function isLeap(y) { return YEAR_START[y + 1] - YEAR_START[y] === 366; }
    function daysInMonth(y, m) { return m <= 6 ? 31 : m <= 11 ? 30 : (isLeap(y) ? 30 : 29); }
    function isValid(y, m, d) { return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m); }
    function toDayNumber(y, m, d) { return YEAR_START[y] + (m <= 7 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d - 1; }
    function fromDayNumber(n) {
        var y = MIN_YEAR + Math.floor((n - YEAR_START[MIN_YEAR]) / 365.2422);
        while (YEAR_START[y + 1] <= n) y++;
        while (YEAR_START[y] > n) y--;
        var doy = n - YEAR_START[y];
        return doy < 186 ? { y: y, m: Math.floor(doy / 31) + 1, d: doy % 31 + 1 }
                         : { y: y, m: Math.floor((doy - 186) / 30) + 7, d: (doy - 186) % 30 + 1 };
    }
    function weekday(n) { return (((n + 1) % 7) + 1) % 7; } // 0 = Saturday, as JalaliDate.DayOfWeek

    // ---- text ---------------------------------------------------------------------------------------------------
    function latinDigits(s) {
        return String(s).replace(/[۰-۹]/g, function (c) { return String(c.charCodeAt(0) - 0x06F0); })
                        .replace(/[٠-٩]/g, function (c) { return String(c.charCodeAt(0) - 0x0660); });
    }
    function persianDigits(s) { return String(s).replace(/[0-9]/g, function (c) { return '۰۱۲۳۴۵۶۷۸۹'.charAt(+c); }); }
    function pad(v, w) { v = String(v); while (v.length < w) v = '0' + v; return v; }
    /** A day number, or null when the text is not a real Jalali date (YYYY/MM/DD or YYYY-MM-DD, any digits). */
    function parse(text) {
        var m = /^\s*(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/.exec(latinDigits(text || ''));
        if (!m) return null;
        var y = +m[1], mo = +m[2], d = +m[3];
        return isValid(y, mo, d) ? toDayNumber(y, mo, d) : null;
    }
    function format(n) { var j = fromDayNumber(n); return persianDigits(j.y + '/' + pad(j.m, 2) + '/' + pad(j.d, 2)); }
    function longName(n) { var j = fromDayNumber(n); return persianDigits(WEEKDAY_NAMES[weekday(n)] + ' ' + j.d + ' ' + MONTHS[j.m - 1] + ' ' + j.y); }
    function todayNumber() { var t = new Date(); return gregorianDayNumber(t.getFullYear(), t.getMonth() + 1, t.getDate()); }

    window.PayeshJalali = { parse: parse, format: format, fromDayNumber: fromDayNumber, toDayNumber: toDayNumber,
                            isLeap: isLeap, daysInMonth: daysInMonth, isValid: isValid, weekday: weekday };

    // ---- the picker -------------------------------------------------------------------------------------------
    var INVALID = 'تاریخ معتبر شمسی نیست؛ قالب درست: ۱۴۰۳/۰۱/۱۵';
    var popup = null, input = null, active = 0, original = '', silent = false;

    function limits(el) {
        return { min: parse(el.getAttribute('data-jdp-min')), max: parse(el.getAttribute('data-jdp-max')) };
    }
    function clamp(n, el) {
        var l = limits(el);
        if (l.min !== null && n < l.min) n = l.min;
        if (l.max !== null && n > l.max) n = l.max;
        return n;
    }
    function outside(n, el) {
        var l = limits(el);
        return (l.min !== null && n < l.min) || (l.max !== null && n > l.max);
    }

    /** Marks the field: empty or a real date (within the limits) is fine; anything else is invalid, in Persian. */
    function check(el) {
        var v = el.value.trim();
        if (v === '') { el.setCustomValidity(''); return true; }
        var n = parse(v);
        var message = n === null ? INVALID
            : outside(n, el) ? 'این تاریخ خارج از بازه مجاز (' + (el.getAttribute('data-jdp-min') ? persianDigits(latinDigits(el.getAttribute('data-jdp-min'))) : '…') +
                               ' تا ' + (el.getAttribute('data-jdp-max') ? persianDigits(latinDigits(el.getAttribute('data-jdp-max'))) : '…') + ') است.'
            : '';
        el.setCustomValidity(message);
        el.classList.toggle('is-invalid', message !== '');
        if (message === '') el.value = format(n);
        return message === '';
    }

    function build() {
        popup = document.createElement('div');
        popup.className = 'jdp-popup';
        popup.id = 'jdp-popup';
        popup.setAttribute('role', 'dialog');
        popup.setAttribute('aria-label', 'انتخاب تاریخ');
        popup.innerHTML =
            '<div class="jdp-head">' +
            '<button type="button" class="jdp-nav jdp-prev" tabindex="-1" aria-label="ماه قبل">›</button>' +
            '<span class="jdp-title" aria-live="polite"></span>' +
            '<button type="button" class="jdp-nav jdp-next" tabindex="-1" aria-label="ماه بعد">‹</button>' +
            '</div>' +
            '<table class="jdp-grid" role="grid"><thead><tr>' +
            WEEKDAYS.map(function (w, i) { return '<th scope="col" abbr="' + WEEKDAY_NAMES[i] + '">' + w + '</th>'; }).join('') +
            '</tr></thead><tbody></tbody></table>' +
            '<div class="jdp-foot"><button type="button" class="jdp-today" tabindex="-1">امروز</button>' +
            '<span class="jdp-hint" dir="ltr">←↑↓→ · PgUp/PgDn · Enter · Esc</span></div>';
        // Clicks in the calendar must not take the focus from the field.
        popup.addEventListener('mousedown', function (e) { e.preventDefault(); });
        popup.addEventListener('click', function (e) {
            var t = e.target.closest('button');
            if (!t || !input) return;
            if (t.classList.contains('jdp-prev')) move(-monthStep(-1));
            else if (t.classList.contains('jdp-next')) move(monthStep(1));
            else if (t.classList.contains('jdp-today')) { active = clamp(todayNumber(), input); render(); }
            else if (t.hasAttribute('data-day') && !t.disabled) pick(+t.getAttribute('data-day'));
        });
        document.body.appendChild(popup);
    }

    // Days to move by one month from the active day, keeping the day of month where the month has it.
    function monthStep(dir) {
        var j = fromDayNumber(active);
        var y = j.y, m = j.m + dir;
        if (m < 1) { m = 12; y--; } else if (m > 12) { m = 1; y++; }
        if (y < MIN_YEAR || y > MAX_YEAR) return 0;
        var target = toDayNumber(y, m, Math.min(j.d, daysInMonth(y, m)));
        return Math.abs(target - active);
    }
    function move(delta) {
        var next = clamp(active + delta, input);
        if (next < YEAR_START[MIN_YEAR] || next >= YEAR_START[MAX_YEAR + 1]) return;
        active = next;
        render();
    }

    function render() {
        var j = fromDayNumber(active), first = toDayNumber(j.y, j.m, 1), dim = daysInMonth(j.y, j.m);
        var chosen = parse(input.value), today = todayNumber();
        popup.querySelector('.jdp-title').textContent = MONTHS[j.m - 1] + ' ' + persianDigits(j.y);
        var html = '', col = weekday(first), day = 1;
        html += '<tr>';
        for (var i = 0; i < col; i++) html += '<td></td>';
        for (; day <= dim; day++, col++) {
            if (col === 7) { html += '</tr><tr>'; col = 0; }
            var n = first + day - 1;
            var cls = 'jdp-day' + (n === active ? ' jdp-active' : '') + (n === chosen ? ' jdp-chosen' : '') + (n === today ? ' jdp-is-today' : '') +
                      (col === 6 ? ' jdp-friday' : '');
            html += '<td role="gridcell" aria-selected="' + (n === chosen) + '"><button type="button" tabindex="-1" class="' + cls + '" data-day="' + n +
                    '" id="jdp-d' + n + '" aria-label="' + longName(n) + '"' + (outside(n, input) ? ' disabled' : '') + '>' + persianDigits(day) + '</button></td>';
        }
        for (; col < 7; col++) html += '<td></td>';
        html += '</tr>';
        popup.querySelector('tbody').innerHTML = html;
        input.setAttribute('aria-activedescendant', 'jdp-d' + active);
    }

    function place() {
        var r = input.getBoundingClientRect(), w = popup.offsetWidth, vw = document.documentElement.clientWidth;
        var left = r.right - w; // RTL: right edges together
        if (left < 4) left = Math.min(r.left, vw - w - 4);
        if (left < 4) left = 4;
        popup.style.left = (left + window.scrollX) + 'px';
        popup.style.top = (r.bottom + window.scrollY + 4) + 'px';
    }

    function open(el) {
        if (el.readOnly || el.disabled) return;
        if (!popup) build();
        // Escape goes back to the last value the field held before this round of picking or typing.
        if (input !== el) original = el.__jdpValue !== undefined ? el.__jdpValue : el.value;
        input = el;
        var n = parse(el.value);
        active = clamp(n !== null ? n : todayNumber(), el);
        popup.hidden = false;
        popup.classList.add('jdp-open');
        el.setAttribute('aria-expanded', 'true');
        render();
        place();
    }
    function close(restore) {
        if (!input) return;
        var el = input;
        if (restore) el.value = original;
        popup.hidden = true;
        popup.classList.remove('jdp-open');
        el.setAttribute('aria-expanded', 'false');
        el.removeAttribute('aria-activedescendant');
        input = null;
        check(el);
        el.__jdpValue = el.value;
    }
    function pick(n) {
        if (outside(n, input)) return;
        var el = input;
        el.value = format(n);
        close(false);
        silent = true;
        try {
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
        } finally { silent = false; }
    }

    function prepare(el) {
        if (el.__jdp) return;
        el.__jdp = true;
        el.setAttribute('autocomplete', 'off');
        // A text field that opens a calendar is a combobox: only then may it carry aria-expanded (axe, ARIA 1.2).
        el.setAttribute('role', 'combobox');
        el.setAttribute('aria-haspopup', 'dialog');
        el.setAttribute('aria-expanded', 'false');
        el.setAttribute('aria-controls', 'jdp-popup');
        if (!el.getAttribute('placeholder')) el.setAttribute('placeholder', '۱۴۰۵/۰۱/۰۱');
        if (el.value.trim() !== '') check(el);
        el.__jdpValue = el.value;
    }
    function isDateField(el) { return el && el.matches && el.matches('input[data-jdp]'); }
    function prepareAll(root) { (root || document).querySelectorAll('input[data-jdp]').forEach(prepare); }

    document.addEventListener('focusin', function (e) { if (isDateField(e.target)) { prepare(e.target); open(e.target); } });
    document.addEventListener('click', function (e) {
        if (isDateField(e.target)) { if (input !== e.target) open(e.target); }
    });
    document.addEventListener('focusout', function (e) { if (e.target === input) close(false); });
    document.addEventListener('input', function (e) {
        if (silent) return;
        if (isDateField(e.target) && e.target !== input && document.activeElement === e.target) open(e.target);
        if (e.target !== input || !popup) return;
        var n = parse(input.value);
        input.setCustomValidity('');
        input.classList.remove('is-invalid');
        if (n !== null) { active = clamp(n, input); render(); }
    });
    document.addEventListener('change', function (e) { if (isDateField(e.target) && e.target !== input) check(e.target); });
    document.addEventListener('keydown', function (e) {
        var el = e.target;
        if (!isDateField(el)) return;
        if (input !== el) {
            if (e.key === 'ArrowDown' && e.altKey || e.key === 'F4') { e.preventDefault(); open(el); }
            return;
        }
        // The page is right-to-left: ArrowLeft is the next day.
        switch (e.key) {
            case 'ArrowLeft': move(1); break;
            case 'ArrowRight': move(-1); break;
            case 'ArrowDown': move(7); break;
            case 'ArrowUp': move(-7); break;
            case 'PageDown': move(monthStep(1)); break;
            case 'PageUp': move(-monthStep(-1)); break;
            case 'Home': move(toDayNumber(fromDayNumber(active).y, fromDayNumber(active).m, 1) - active); break;
            case 'End': { var j = fromDayNumber(active); move(toDayNumber(j.y, j.m, daysInMonth(j.y, j.m)) - active); break; }
            case 'Enter': {
                // A complete typed date wins over the highlighted day.
                var typed = parse(el.value);
                pick(typed !== null && typed === active ? typed : active);
                break;
            }
            case 'Escape': close(true); break;
            case 'Tab': close(false); return;
            default: return;
        }
        e.preventDefault();
    });
    // A form is never sent with a date that is not a real date.
    document.addEventListener('submit', function (e) {
        var bad = null;
        e.target.querySelectorAll('input[data-jdp]').forEach(function (el) { if (!check(el) && !bad) bad = el; });
        if (bad) { e.preventDefault(); e.stopImmediatePropagation(); bad.reportValidity(); bad.focus(); }
    }, true);
    window.addEventListener('resize', function () { if (input) place(); });
    document.addEventListener('DOMContentLoaded', function () { prepareAll(); });
    document.addEventListener('htmx:afterSettle', function (e) { prepareAll(e.target); });
})();
