// Plan authoring: show an action's fields only for an action (the form works without this).
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
})();
