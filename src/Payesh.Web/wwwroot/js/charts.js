// S-curves with Apache ECharts: RTL, Persian digits, Jalali labels (prepared by the server).
function payeshFaDigits(s) { return String(s).replace(/[0-9]/g, d => '۰۱۲۳۴۵۶۷۸۹'[d]).replace('.', '٫'); }
function payeshSCurve(el, data) {
    if (!el || !data || !window.echarts) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
        animation: false,
        textStyle: { fontFamily: 'Vazirmatn, Tahoma, sans-serif' },
        grid: { left: 16, right: 52, top: 40, bottom: 40 },
        legend: { data: ['برنامه‌ای', 'واقعی'], top: 0, right: 8, itemGap: 24, itemWidth: 18, textStyle: { padding: [0, 6] } },
        tooltip: {
            trigger: 'axis',
            formatter: ps => ps[0].axisValue + '<br>' + ps.map(p => p.marker + p.seriesName + ': ' + payeshFaDigits(p.value.toFixed(1)) + '٪').join('<br>')
        },
        xAxis: { type: 'category', data: data.days, inverse: true, boundaryGap: false, axisLabel: { formatter: v => v.substring(0, 7) } },
        yAxis: { type: 'value', min: 0, max: 100, position: 'right', axisLabel: { formatter: v => payeshFaDigits(v) + '٪', margin: 10 } },
        series: [
            { name: 'برنامه‌ای', type: 'line', data: data.planned, showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: '#667085' },
            { name: 'واقعی', type: 'line', data: data.actual, showSymbol: false, lineStyle: { width: 3 }, color: '#1f7a8c', areaStyle: { opacity: .08 },
              markLine: { symbol: 'none', label: { show: false }, lineStyle: { color: '#d92d20' }, data: [{ xAxis: data.today }] } }
        ]
    });
    window.addEventListener('resize', () => chart.resize());
}
// Planned curve of the first baseline against the baselines in force, with the days a new baseline began.
function payeshBaselineChart(el, data) {
    if (!el || !data || !window.echarts) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
        animation: false,
        textStyle: { fontFamily: 'Vazirmatn, Tahoma, sans-serif' },
        grid: { left: 16, right: 52, top: 40, bottom: 40 },
        legend: { data: ['برنامه‌ای (خط مبنای نخست)', 'برنامه‌ای (در اجرا)', 'واقعی'], top: 0, right: 8, align: 'right', itemGap: 20, textStyle: { padding: [0, 6] } },
        tooltip: { trigger: 'axis', formatter: ps => ps[0].axisValue + '<br>' + ps.map(p => p.marker + p.seriesName + ': ' + payeshFaDigits(p.value.toFixed(1)) + '٪').join('<br>') },
        xAxis: { type: 'category', data: data.days, inverse: true, boundaryGap: false, axisLabel: { formatter: v => v.substring(0, 7) } },
        yAxis: { type: 'value', min: 0, max: 100, position: 'right', axisLabel: { formatter: v => payeshFaDigits(v) + '٪', margin: 10 } },
        series: [
            { name: 'برنامه‌ای (خط مبنای نخست)', type: 'line', data: data.original, showSymbol: false, lineStyle: { type: 'dotted', width: 2 }, color: '#98a2b3' },
            { name: 'برنامه‌ای (در اجرا)', type: 'line', data: data.planned, showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, color: '#475467',
              markLine: { symbol: 'none', label: { show: false }, lineStyle: { color: '#f79009' }, data: data.marks.map(m => ({ xAxis: m })) } },
            { name: 'واقعی', type: 'line', data: data.actual, showSymbol: false, lineStyle: { width: 3 }, color: '#1f7a8c' }
        ]
    });
    window.addEventListener('resize', () => chart.resize());
}

// Charts read their data from data- attributes (no inline scripts: the Content-Security-Policy allows none).
// Drawn once the library is there, after a boosted navigation and after htmx swaps a chart in.
function payeshDrawCharts() {
    if (!window.echarts) return false;
    document.querySelectorAll('[data-scurve]:not([data-drawn])').forEach(el => {
        el.setAttribute('data-drawn', '');
        payeshSCurve(el, JSON.parse(el.getAttribute('data-scurve')));
    });
    document.querySelectorAll('[data-baseline-chart]:not([data-drawn])').forEach(el => {
        el.setAttribute('data-drawn', '');
        payeshBaselineChart(el, JSON.parse(el.getAttribute('data-baseline-chart')));
    });
    return true;
}
(function start(tries) {
    if (!payeshDrawCharts() && tries < 200) setTimeout(() => start(tries + 1), 50);
})(0);
if (!window.__payeshChartsWatch) {
    window.__payeshChartsWatch = true;
    document.addEventListener('htmx:afterSettle', () => payeshDrawCharts());
}
