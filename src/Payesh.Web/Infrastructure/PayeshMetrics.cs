using System.Diagnostics.Metrics;

namespace Payesh.Web.Infrastructure;

/// <summary>
/// The app's own instruments (meter <c>Payesh</c>), exported with ASP.NET Core's request metrics at
/// <c>/metrics</c> for Prometheus (docs/operations.md § metrics). Static, like the framework's meters:
/// several app instances in one test process share them, which the counters tolerate (they only grow).
/// </summary>
public static class PayeshMetrics
{
    public const string MeterName = "Payesh";
    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> ReportsIngested =
        Meter.CreateCounter<long>("payesh.reports.ingested", "{report}", "Progress reports committed by the report ingest.");

    /// <summary>Reports per group commit: how well the committer gathers concurrent writes (its sum over its count is the
    /// average commit; a commit of more reports costs less per report, docs/benchmarks.md).</summary>
    private static readonly Histogram<long> CommitReports =
        Meter.CreateHistogram("payesh.ingest.commit.reports", "{report}", "Reports stored per group commit of the report ingest.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 50, 100, 500, 1000, 2000, 5000] });

    private static readonly Histogram<double> EngineLoad =
        Meter.CreateHistogram<double>("payesh.engine.load.duration", "s", "Time to build a plan's progress engine from the database.");

    private static readonly Counter<long> ReminderRuns =
        Meter.CreateCounter<long>("payesh.reminder.runs", "{run}", "Runs of the daily missing-reports reminder job, by outcome.");

    private static readonly UpDownCounter<long> QueueLength =
        Meter.CreateUpDownCounter<long>("payesh.ingest.queue.length", null, "Report writes waiting for the group committer.");

    /// <summary>A group commit stored <paramref name="reports"/> reports.</summary>
    public static void Ingested(int reports)
    {
        ReportsIngested.Add(reports);
        CommitReports.Record(reports);
    }

    public static void EngineLoaded(TimeSpan took) => EngineLoad.Record(took.TotalSeconds);

    public static void ReminderRun(bool ran) => ReminderRuns.Add(1, new KeyValuePair<string, object?>("outcome", ran ? "ran" : "skipped"));

    /// <summary>A write joined (+1) or left (−1) the group committer's queue.</summary>
    public static void Queued(int change) => QueueLength.Add(change);
}
