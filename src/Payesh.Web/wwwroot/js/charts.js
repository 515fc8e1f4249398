// S-curves with Apache ECharts. Every element with data-scurve (JSON prepared by the server, see Figures/SCurve.cs)
// is drawn: time runs left to right (as on Iranian statistical charts, so a rising curve rises), one tick per Jalali
// month, Persian digits on the axes and in the tooltip, the plot as wide as its box at every size. No inline script:
// the page only carries data; this file draws on load and after every htmx swap.
(function () {
    if (window.payeshCharts) { window.payeshCharts.drawAll(); return; }

    const months = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
    const faDigits = s => String(s).replace(/[0-9]/g, d => '۰۱۲۳۴۵۶۷۸۹'[d]).replace('.', '٫');
    const latin = s => String(s).replace(/[۰-۹]/g, d => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d));
    const pct = v => faDigits(v.toFixed(1)) + '٪';
    // Day strings are Persian "۱۴۰۵/۰۷/۰۱": a tick where a month begins (and on the first day).
    const monthStart = (days, i) => i === 0 || latin(days[i]).substring(8) === '01';
    const monthLabel = day => months[parseInt(latin(day).substring(5, 7), 10) - 1];

    // Planned (dashed), actual (solid, with the day shown marked); a baseline comparison adds the original plan (dotted)
    // and marks the days new baselines took effect.
    function series(data, narrow) {
        const planned = data.original ? 'برنامه‌ای (در اجرا)' : 'برنامه‌ای';
        const list = [];
        if (data.original) list.push({ name: 'برنامه‌ای (خط مبنای نخست)', type: 'line', data: data.original, showSymbol: false, lineStyle: { type: 'dotted', width: 2 }, color: '#667085' });
        list.push({ name: planned, type: 'line', data: data.planned, showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: '#475467',
            markLine: data.marks ? { symbol: 'none', label: { show: false }, lineStyle: { color: '#b54708' }, data: data.marks.map(m => ({ xAxis: m })) } : undefined });
        list.push({ name: 'واقعی', type: 'line', data: data.actual, showSymbol: false, lineStyle: { width: 3 }, color: '#1f7a8c', areaStyle: { opacity: .08 },
            markLine: data.today !== undefined ? { symbol: 'none', label: { show: false }, lineStyle: { color: '#b42318' }, data: [{ xAxis: data.today }] } : undefined });
        // The projected landing (issue 12 § 6): the last 30 days' pace carried to the plan's end, from the day shown.
        if (data.projected && data.projected.length > 1)
            list.push({ name: narrow ? 'پیش‌بینی' : 'پیش‌بینی با آهنگ کنونی', type: 'line', data: data.projected, showSymbol: false, lineStyle: { type: [8, 5], width: 2 }, color: '#b54708' });
        return list;
    }

    function draw(el) {
        let data;
        try { data = JSON.parse(el.dataset.scurve || el.dataset.baselineChart); } catch { return; }
        const old = echarts.getInstanceByDom(el);
        if (old) old.dispose();
        const narrow = el.clientWidth < 480;
        // Twelve month names need about 60 px each; on a narrower plot they are slanted rather than dropped.
        const slant = el.clientWidth < 760;
        const chart = echarts.init(el, null, { renderer: 'svg' });
        const ticks = (i) => monthStart(data.days, i);
        chart.setOption({
            animation: false,
            textStyle: { fontFamily: 'Vazirmatn, Tahoma, sans-serif' },
            // Legend on its own line above the plot; the plot takes the rest of the box (labels contained).
            // align 'right': in right-to-left text the line sample stands to the right of its words.
            legend: { top: 0, left: 'center', align: 'right', itemGap: 24, itemWidth: 22, textStyle: { padding: [0, 6] } },
            grid: { left: 4, right: narrow ? 8 : 16, top: 34, bottom: 4, containLabel: true },
            tooltip: {
                trigger: 'axis', extraCssText: 'direction: rtl; text-align: right;',
                formatter: ps => ps[0].axisValue + '<br>' + ps.filter(p => p.value != null).map(p => p.marker + p.seriesName + ': ' + pct(Array.isArray(p.value) ? p.value[1] : p.value)).join('<br>')
            },
            xAxis: {
                type: 'category', data: data.days, boundaryGap: false,
                axisTick: { interval: ticks, alignWithLabel: true },
                axisLabel: { interval: ticks, formatter: v => monthLabel(v), rotate: slant ? 45 : 0, fontSize: narrow ? 10 : 11 },
                splitLine: { show: true, interval: ticks, lineStyle: { color: '#eef0f3' } }
            },
            yAxis: {
                type: 'value', min: 0, max: 100, interval: narrow ? 25 : 20, position: 'left',
                axisLabel: { formatter: v => faDigits(v) + '٪', margin: 6, fontSize: narrow ? 10 : 12 }
            },
            series: series(data, narrow)
        });
        if (window.ResizeObserver) new ResizeObserver(() => chart.resize()).observe(el);
        else window.addEventListener('resize', () => chart.resize());
    }

    function drawAll(tries) {
        const els = document.querySelectorAll('[data-scurve], [data-baseline-chart]');
        if (!els.length) return;
        // After an htmx navigation the chart library may still be loading: draw as soon as it is there.
        if (!window.echarts) { if ((tries || 0) < 200) setTimeout(() => drawAll((tries || 0) + 1), 50); return; }
        els.forEach(el => { if (!el.dataset.drawn) { el.dataset.drawn = '1'; draw(el); } });
    }

    window.payeshCharts = { drawAll: () => drawAll(0), faDigits: faDigits };
    document.addEventListener('htmx:afterSettle', () => drawAll(0));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => drawAll(0));
    else drawAll(0);
})();
