// Review queue (/Reports/Review): keyboard use and "select all on this page". The page works without it.
(function () {
    if (window.__payeshReview) return;
    window.__payeshReview = true;

    function rows() { return Array.prototype.slice.call(document.querySelectorAll('.review-table tr[data-report-id]')); }
    function current() {
        var el = document.activeElement;
        return el && el.closest ? el.closest('.review-table tr[data-report-id]') : null;
    }
    function focusRow(row) {
        if (!row) return;
        rows().forEach(function (r) { r.classList.toggle('active', r === row); });
        row.focus();
        row.scrollIntoView({ block: 'nearest' });
    }
    function move(step) {
        var all = rows();
        if (all.length === 0) return;
        var i = all.indexOf(current());
        var next = i < 0 ? all[0] : all[Math.min(all.length - 1, Math.max(0, i + step))];
        focusRow(next);
    }

    document.addEventListener('keydown', function (e) {
        if (!document.querySelector('.review-table')) return;
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        var t = e.target;
        var typing = t && (t.tagName === 'INPUT' && t.type !== 'checkbox' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');
        if (typing) {
            if (e.key === 'Escape' && t.closest('tr[data-report-id]')) { e.preventDefault(); focusRow(t.closest('tr[data-report-id]')); }
            return;
        }
        var row = current();
        var key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
        // Persian keyboard layout: the same physical keys (ت=J, ن=K, ر=V, ق=R, ط=X, ث=E, د=N).
        var map = { 'ت': 'j', 'ن': 'k', 'ر': 'v', 'ق': 'r', 'ط': 'x', 'ث': 'e', 'د': 'n' };
        key = map[key] || key;
        if (key === 'j' || key === 'ArrowDown') { e.preventDefault(); move(1); return; }
        if (key === 'k' || key === 'ArrowUp') { e.preventDefault(); move(-1); return; }
        if (key === 'n') {
            var nextPage = document.querySelector('a[rel="next"]');
            if (nextPage) { e.preventDefault(); nextPage.click(); }
            return;
        }
        if (!row) return;
        if (key === 'v') { var v = row.querySelector('button.verify'); if (v) { e.preventDefault(); v.click(); } }
        else if (key === 'r') { var r = row.querySelector('input.reason'); if (r) { e.preventDefault(); r.focus(); } }
        else if (key === 'x') { var c = row.querySelector('input[name="ids"]'); if (c) { e.preventDefault(); c.checked = !c.checked; } }
        else if (key === 'e') { var d = row.querySelector('details'); if (d) { e.preventDefault(); d.open = !d.open; } }
    });

    document.addEventListener('click', function (e) {
        var row = e.target.closest && e.target.closest('.review-table tr[data-report-id]');
        if (row) rows().forEach(function (r) { r.classList.toggle('active', r === row); });
    });

    document.addEventListener('change', function (e) {
        var t = e.target;
        if (!t.classList || !t.classList.contains('select-page')) return;
        document.querySelectorAll('.review-table input[name="ids"]').forEach(function (c) { c.checked = t.checked; });
    });

    // After a decision the next row takes the focus; after a refusal the reason field does, with its message.
    document.addEventListener('htmx:afterSwap', function (e) {
        var target = e.detail && e.detail.target;
        if (!target || !target.id || target.id.charAt(0) !== 'q') return;
        var row = document.getElementById(target.id);
        if (!row) return;
        if (row.dataset.decided === 'true') {
            var next = row.nextElementSibling;
            while (next && !next.matches('tr[data-report-id]:not([data-decided])')) next = next.nextElementSibling;
            focusRow(next || row);
        } else {
            var reason = row.querySelector('input.reason');
            if (reason) reason.focus();
        }
    });
})();
