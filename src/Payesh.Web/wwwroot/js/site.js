// Payesh: small progressive enhancements; every page works without them.
(function () {
    function initDatePickers() {
        if (window.jalaliDatepicker && !window.__jdpStarted) {
            window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true, hideAfterChange: true, date: true, time: false });
            window.__jdpStarted = true;
        }
    }
    document.addEventListener('DOMContentLoaded', initDatePickers);
    document.addEventListener('htmx:afterSettle', initDatePickers);
})();
