// Plan authoring: show an action's fields only for an action (the form works without this), and make sure the
// Jalali date picker watches the fields even when htmx swapped this page in before the picker's script had loaded.
(function () {
    function sync(form) {
        var action = form.querySelector('input.kind-radio[value="true"]');
        if (action) form.classList.toggle('group-kind', !action.checked);
    }
    if (!window.__payeshAuthoring) {
        window.__payeshAuthoring = true;
        document.addEventListener('change', function (e) {
            var t = e.target;
            if (t && t.classList && t.classList.contains('kind-radio')) sync(t.closest('form'));
        });
    }
    document.querySelectorAll('form.node-form').forEach(sync);
    (function startPicker(tries) {
        if (window.__jdpStarted) return;
        if (window.jalaliDatepicker) {
            window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
            window.__jdpStarted = true;
        } else if (tries < 100) setTimeout(function () { startPicker(tries + 1); }, 50);
    })(0);
})();
